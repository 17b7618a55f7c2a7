package org.rampart.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermMatch;

/**
 * MozDef's save path for one alert, shared by {@link AlertTask} and by alerts built elsewhere (declarative and
 * streaming rules): bot flag, plugin chain, optional suppression, save to {@code alerts-YYYYMM}, tag the
 * triggering events, tell the sinks.
 */
public final class AlertWriter {

    private final AlertEnvironment environment;

    public AlertWriter(AlertEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Saves an alert made by {@link AlertTask#createAlertDict} (or of the same shape, with {@code classname}) that
     * the given events ({@code {_id, _index, _source}}) triggered; returns it as saved, or empty when a plugin
     * dropped it or it was suppressed. In a dry run nothing is written and the result has no index and id.
     *
     * @param runPlugins false for deadman alerts, which MozDef never passes through the plugins
     */
    public Optional<StoredDocument> save(ObjectNode alert, List<ObjectNode> triggering, boolean runPlugins) {
        return save(alert, triggering, runPlugins, UUID.randomUUID().toString(), true);
    }

    /**
     * Saves an alert that one event not stored yet triggered ({@code {_id, _index, _source}}: streaming rules run
     * before the pipeline writes its batch). The event's {@code _source} is tagged in place, for the caller to
     * store; nothing waits for it. The alert's id derives from the event's id and the classname, so when a crash
     * makes the pipeline replay the event, the same alert is saved again over itself, not a second one (its actions
     * do run again: delivery is at least once).
     */
    public Optional<StoredDocument> saveBeforeEvent(ObjectNode alert, ObjectNode event) {
        String key = event.path("_id").asText() + '\n' + alert.path("classname").asText();
        String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return save(alert, List.of(event), true, id, false);
    }

    /** Makes the alerts saved so far searchable now, refreshing the small {@code alerts} index only. */
    public void refreshAlerts() {
        environment.store().refresh(List.of("alerts"));
    }

    private Optional<StoredDocument> save(ObjectNode alert, List<ObjectNode> triggering, boolean runPlugins, String id,
            boolean eventsStored) {
        String classname = alert.path("classname").asText();
        tagBotNotify(alert);
        ObjectNode processed = runPlugins ? environment.preprocessor().process(alert) : alert;
        if (processed == null) {
            return Optional.empty();
        }
        if (environment.dryRun()) {
            triggering.forEach(event -> environment.markTaggedInDryRun(classname, event));
            return Optional.of(new StoredDocument(null, null, processed));
        }
        EventStore store = environment.store();
        if (suppressed(classname, processed)) {
            // A suppressed alert still consumes its events, so they do not fire once the window has passed.
            tag(triggering, classname, null, eventsStored);
            return Optional.empty();
        }
        StoredDocument saved = store.saveAlert(id, processed);
        tag(triggering, classname, Json.object().put("index", saved.index()).put("id", saved.id()), eventsStored);
        for (AlertSink sink : environment.sinks()) {
            sink.alertSaved(saved);
        }
        return Optional.of(saved);
    }

    /**
     * MozDef's tagEventsAlert: {@code alert_names += [classname]}, {@code alerts += [ref]}; written back in place
     * when the events are stored already.
     */
    private void tag(List<ObjectNode> triggering, String classname, ObjectNode ref, boolean eventsStored) {
        if (triggering.isEmpty()) {
            return;
        }
        EventStore store = environment.store();
        for (ObjectNode event : triggering) {
            ObjectNode source = sourceOf(event);
            if (ref != null) {
                arrayIn(source, "alerts").add(ref.deepCopy());
            }
            arrayIn(source, "alert_names").add(classname);
            if (eventsStored) {
                store.saveObject(event.path("_index").asText(), event.path("_id").asText(), source);
            }
        }
        if (eventsStored) {
            store.refresh();
        }
    }

    /** MozDef's tagBotNotify: the bot is told unless NOTICE/INFO, and always when a channel is set. */
    private static void tagBotNotify(ObjectNode alert) {
        if (alert.path("notify_mozdefbot").isBoolean()) {
            return;
        }
        String severity = alert.path("severity").asText();
        boolean notify = !severity.equals("NOTICE") && !severity.equals("INFO");
        String channel = alert.path("channel").isTextual() ? alert.path("channel").asText() : "";
        alert.put("notify_mozdefbot", notify || !channel.isEmpty());
    }

    /** True when the same alert (classname and summary) was saved within the classname's suppression window. */
    private boolean suppressed(String classname, ObjectNode alert) {
        Duration window = environment.suppressionOf(classname);
        if (window.isZero() || window.isNegative()) {
            return false;
        }
        SearchQuery recent = SearchQuery.between(now().minus(window), now());
        recent.addMust(new TermMatch("classname", classname));
        String summary = alert.path("summary").asText();
        return recent.execute(environment.store(), List.of("alerts"), AlertTask.PAGE_SIZE).hits().stream()
                .map(Hit::source)
                .anyMatch(source -> source.path("summary").asText().equals(summary));
    }

    private Instant now() {
        return environment.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ObjectNode sourceOf(ObjectNode event) {
        JsonNode source = event.get("_source");
        if (source instanceof ObjectNode object) {
            return object;
        }
        ObjectNode created = Json.object();
        event.set("_source", created);
        return created;
    }

    private static ArrayNode arrayIn(ObjectNode source, String field) {
        JsonNode existing = source.get(field);
        if (existing instanceof ArrayNode array) {
            return array;
        }
        return source.putArray(field);
    }
}
