package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/** Calls a plugin on JSON text, as MozDef's plugin tests call onMessage. */
final class PluginTesting {
    private PluginTesting() {}

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode run(EventPlugin plugin, String event) {
        return run(plugin, event, new EventMetadata(EventContext.at(Clock.systemUTC())));
    }

    static ObjectNode run(EventPlugin plugin, String event, EventMetadata metadata) {
        return plugin.onMessage(json(event), metadata);
    }

    static <P extends EventPlugin> P configured(P plugin, Path configDir) {
        plugin.configure(new PluginContext(() -> "host", configDir, null));
        return plugin;
    }
}
