package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Map;

/**
 * MozDef's alert plugin functions by their Python names, as MozDef's plugin tests call them ({@code enrich},
 * {@code _most_common_hostname}, ...), mapped to the Java port's equivalents. Test code: a plugin module registers
 * its table from its test sources (META-INF/services), so the production plugins carry no fixture entry points.
 */
public interface PluginFunctions {

    /** One MozDef function: the recorded keyword arguments in ({@code alert} among them when it takes one), its result out. */
    @FunctionalInterface
    interface Function {
        JsonNode call(JsonNode inputs, SearchFunction search, Clock clock);
    }

    /** Every function this table maps, keyed {@code plugin.function} (e.g. {@code possible_usernames.enrich}). */
    Map<String, Function> functions();
}
