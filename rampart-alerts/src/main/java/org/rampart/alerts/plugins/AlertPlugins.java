package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.rampart.alerts.AlertPreprocessor;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.query.EventStore;
import org.rampart.query.SearchQuery;
import org.rampart.query.IndexNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert plugin chain (MozDef's {@code ALERT_PLUGINS}): the enabled plugins in priority order, run
 * on each alert before it is saved. A plugin that throws is logged and skipped, so a broken enrichment
 * never loses the alert.
 */
public final class AlertPlugins implements AlertPreprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPlugins.class);

    private final List<AlertPlugin> plugins;

    /** A chain of these plugins, sorted by priority (stable for equal priorities). */
    public AlertPlugins(List<AlertPlugin> plugins) {
        List<AlertPlugin> sorted = new ArrayList<>(plugins);
        sorted.sort(Comparator.comparingInt(AlertPlugin::priority));
        this.plugins = List.copyOf(sorted);
    }

    /**
     * Creates the enabled plugins by name from the registry's alert plugin providers. {@code configs} gives a
     * plugin's configuration, or null for the bundled one (MozDef's {@code plugins/<name>.json}); {@code searchIn}
     * makes lookups over indices ({@link #storeSearch} in production).
     *
     * @throws IllegalArgumentException naming the plugins available when a name is not one of them
     */
    public static AlertPlugins load(Extensions extensions, List<String> enabled, Function<String, JsonNode> configs,
            Function<List<String>, SearchFunction> searchIn, Clock clock) {
        List<AlertPlugin> created = new ArrayList<>();
        for (String name : enabled) {
            AlertPluginProvider provider = extensions.get(AlertPluginProvider.KIND, name);
            JsonNode config = configs.apply(name);
            created.add(provider.create(new AlertPluginContext(config == null ? bundledConfig(name) : config, searchIn, clock)));
        }
        return new AlertPlugins(created);
    }

    /** The bundled configuration of a plugin (MozDef's defaults), or an empty object if it has none. */
    public static JsonNode bundledConfig(String name) {
        try (InputStream in = AlertPlugins.class.getResourceAsStream(name + ".json")) {
            return in == null ? Json.object() : Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled config of alert plugin " + name, e);
        }
    }

    /**
     * Lookups against the store. {@code events-*} (every event partition, in MozDef's configs) is read as
     * {@code events-weekly}: the plugins' windows are shorter than a week.
     */
    public static Function<List<String>, SearchFunction> storeSearch(EventStore store) {
        return indices -> {
            List<String> resolved = indices.stream().map(i -> i.equals(IndexNames.EVENTS_PATTERN) ? IndexNames.EVENTS_WEEKLY : i).distinct().toList();
            return query -> query.execute(store, resolved, SearchQuery.DEFAULT_SIZE);
        };
    }

    /** The plugins in the order they run. */
    public List<AlertPlugin> plugins() {
        return plugins;
    }

    /** The chain as the alert engine calls it before a save: {@link #run}. */
    @Override
    public ObjectNode process(ObjectNode alert) {
        return run(alert);
    }

    /** Runs every registered plugin on the alert, in order; returns the result, or null if a plugin dropped it. */
    public ObjectNode run(ObjectNode alert) {
        ObjectNode current = alert;
        for (AlertPlugin plugin : plugins) {
            if (!plugin.registration().matches(current)) {
                continue;
            }
            try {
                ObjectNode next = plugin.onMessage(current.deepCopy());
                if (next == null) {
                    LOG.info("alert plugin {} dropped alert \"{}\"", plugin.name(), current.path("summary").asText());
                    return null;
                }
                current = next;
            } catch (RuntimeException e) {
                LOG.error("alert plugin {} failed; the alert goes on without it", plugin.name(), e);
            }
        }
        return current;
    }
}
