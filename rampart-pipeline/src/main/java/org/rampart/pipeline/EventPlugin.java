package org.rampart.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * MozDef's mq plugin contract: a plugin asks for events by registration terms and may change, replace
 * or drop them. Found by {@link java.util.ServiceLoader} and in the drop-in plugin directory.
 */
public interface EventPlugin {

    /** Terms matched exactly against the event's lowercased keys and values at any depth; "*" matches all. */
    List<String> registration();

    /** Lower runs first; MozDef's default is 100. */
    default int priority() {
        return 100;
    }

    /** The plugin's name as configuration refers to it: MozDef's module name, e.g. "broFixup". */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called once before the first event, with the clock, host name and configuration paths. */
    default void configure(PluginContext context) {}

    /** Returns the (possibly changed or replaced) event, or null to drop it; may change the metadata. */
    ObjectNode onMessage(ObjectNode event, EventMetadata metadata);
}
