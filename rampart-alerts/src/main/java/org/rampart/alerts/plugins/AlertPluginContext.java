package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * What a plugin is made from.
 *
 * @param config the plugin's configuration document (MozDef's {@code plugins/<name>.json}); missing keys
 *     fall back to MozDef's defaults
 * @param searchIn a search function over the given indices (store-backed in production)
 * @param clock the time plugins read
 */
public record AlertPluginContext(JsonNode config, Function<List<String>, SearchFunction> searchIn, Clock clock) {}
