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
import org.rampart.event.Timestamps;
import org.rampart.query.EventStore;
import org.rampart.query.IndexNames;
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
        return save(alert, triggering, runPlugins, UUID.randomUUID().toString());
    }

    /**
     * An alert that one event not stored yet triggered ({@code {_id, _index, _source}}: streaming rules run before
     * the pipeline writes its batch), raised but not saved: the cheap half of the save, for the ingest thread. The
     * event's {@code _source} is tagged in place with the alert's name and reference, for the caller to store;
     * {@link #saveRaised} does the rest, on another thread. The alert's id derives from the event's id and the
     * classname, and its month partition from the event's {@code receivedtimestamp} (its intake time), so when a crash
     * makes the pipeline replay the event, the same alert is saved again over itself, not a second one (its actions
     * do run again: delivery is at least once).
     */
    public RaisedAlert raise(ObjectNode alert, ObjectNode event) {
        requireNotDryRun();
        String classname = alert.path("classname").asText();
        String key = event.path("_id").asText() + '\n' + classname;
        String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode source = sourceOf(event);
        Instant received = Timestamps.parse(source.get("receivedtimestamp"), environment.clock());
        // As the store does for events: a time the attacker set far off (custom endpoints keep it) is not trusted.
        boolean trusted = received != null && Duration.between(received, now()).abs().compareTo(Duration.ofDays(1)) <= 0;
        String index = IndexNames.alertsPartition(trusted ? received : now());
        arrayIn(source, "alerts").add(Json.object().put("index", index).put("id", id));
        arrayIn(source, "alert_names").add(classname);
        return new RaisedAlert(alert, index, id);
    }

    /**
     * The rest of the save of a {@link #raise raised} alert, off the ingest thread: bot flag, plugins, suppression,
     * save under the raised partition and id, sinks. Returns it as saved, or empty when a plugin dropped it or it was
     * suppressed; its event keeps the reference either way (it was stored before the plugins ran).
     */
    public Optional<StoredDocument> saveRaised(RaisedAlert raised) {
        requireNotDryRun();
        ObjectNode alert = raised.alert();
        tagBotNotify(alert);
        ObjectNode processed = environment.preprocessor().process(alert);
        if (processed == null || suppressed(alert.path("classname").asText(), processed)) {
            return Optional.empty();
        }
        environment.store().saveObject(raised.index(), raised.id(), processed);
        return Optional.of(told(new StoredDocument(raised.index(), raised.id(), processed)));
    }

    /**
     * An alert raised on the ingest path and not saved yet.
     *
     * @param alert the alert document, before plugins
     * @param index its {@code alerts-YYYYMM} partition
     * @param id    its replay-safe id
     */
    public record RaisedAlert(ObjectNode alert, String index, String id) {}

    private void requireNotDryRun() {
        if (environment.dryRun()) {
            throw new IllegalStateException("a dry run saves nothing and tags nothing: streaming alerts are not raised in one");
        }
    }

    /** Makes the alerts saved so far searchable now, refreshing the small {@code alerts} index only. */
    public void refreshAlerts() {
        environment.store().refresh(List.of("alerts"));
    }

    private Optional<StoredDocument> save(ObjectNode alert, List<ObjectNode> triggering, boolean runPlugins, String id) {
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
            tag(triggering, classname, null);
            return Optional.empty();
        }
        StoredDocument saved = store.saveAlert(id, processed);
        tag(triggering, classname, Json.object().put("index", saved.index()).put("id", saved.id()));
        return Optional.of(told(saved));
    }

    private StoredDocument told(StoredDocument saved) {
        for (AlertSink sink : environment.sinks()) {
            sink.alertSaved(saved);
        }
        return saved;
    }

    /** MozDef's tagEventsAlert: {@code alert_names += [classname]}, {@code alerts += [ref]}, written back to the store. */
    private void tag(List<ObjectNode> triggering, String classname, ObjectNode ref) {
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
            store.saveObject(event.path("_index").asText(), event.path("_id").asText(), source);
        }
        store.refresh();
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
