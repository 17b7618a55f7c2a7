package org.rampart.alerts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertSink;
import org.rampart.alerts.AlertTask;
import org.rampart.conformance.JsonComparison;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.StoredDocument;

/** One fixture case: set up a fresh store, run the alert, check what MozDef's AlertTestSuite checks. */
final class FixtureCase {
    private final JsonNode fixture;
    private final JsonNode suite;
    private final JsonNode testCase;
    private final Instant now;
    private final BiFunction<Path, Clock, EventStore> storeFactory;
    private final Function<String, Optional<AlertTask>> alerts;

    FixtureCase(JsonNode fixture, JsonNode suite, JsonNode testCase, Instant now,
            BiFunction<Path, Clock, EventStore> storeFactory, Function<String, Optional<AlertTask>> alerts) {
        this.alerts = alerts;
        this.fixture = fixture;
        this.suite = suite;
        this.testCase = testCase;
        this.now = now;
        this.storeFactory = storeFactory;
    }

    /** Runs the case; returns "" when it passes, else one line saying what differed. */
    String run() {
        String sanity = sanity();
        if (!sanity.isEmpty()) {
            return sanity;
        }
        String classname = suite.path("alert_classname").asText();
        Optional<AlertTask> alert = alerts.apply(classname);
        if (alert.isEmpty()) {
            return "no alert class named " + classname + " is installed";
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("rampart-alert-fixture");
            Path configDir = Files.createDirectories(work.resolve("config"));
            writeConfigFiles(configDir);
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            try (EventStore store = storeFactory.apply(Files.createDirectories(work.resolve("store")), clock)) {
                seed(store);
                List<ObjectNode> published = new ArrayList<>();
                AlertEnvironment environment = AlertEnvironment.builder(store, clock)
                        .config(new AlertConfig(configDir, key -> null))
                        .reverseDns(this::reverseDns)
                        .sink(saved -> published.add(AlertSink.message(saved)))
                        .build();
                List<StoredDocument> alerts;
                try {
                    alerts = alert.get().run(environment);
                } catch (RuntimeException e) {
                    StackTraceElement[] where = e.getStackTrace();
                    return "the alert threw " + e + (where.length > 0 ? " at " + where[0] : "");
                }
                return testCase.path("expect_alert").asBoolean() ? checkPositive(store, alerts, published)
                        : alerts.isEmpty() ? "" : "expected no alert, got " + alerts.size() + ": "
                                + alerts.get(0).source().path("summary").asText();
            }
        } catch (IOException e) {
            return "setup failed: " + e;
        } finally {
            deleteQuietly(work);
        }
    }

    /** README section 3.4: the fixture itself must be well-formed. */
    private String sanity() {
        if (testCase.path("description").asText().isEmpty()) {
            return "fixture: case has no description";
        }
        if (testCase.path("events").isEmpty()) {
            return "fixture: case has no events";
        }
        if (testCase.path("expect_alert").asBoolean() != testCase.has("expected_alert")) {
            return "fixture: expect_alert disagrees with the presence of expected_alert";
        }
        return "";
    }

    private void seed(EventStore store) {
        for (JsonNode doc : suite.path("preexisting_documents")) {
            String id = doc.path("doc_id").asText();
            store.saveObject(doc.path("index").asText(), id.isEmpty() ? null : id,
                    (ObjectNode) AlertFixtures.resolveMarkers(doc.path("source"), now));
        }
        List<IndexRequest> batch = new ArrayList<>();
        for (JsonNode event : testCase.path("events")) {
            batch.add(IndexRequest.append(event.path("_index").asText("events"), null,
                    (ObjectNode) AlertFixtures.resolveMarkers(event.path("_source"), now)));
        }
        store.index(batch);
        store.refresh();
    }

    private String checkPositive(EventStore store, List<StoredDocument> alerts, List<ObjectNode> published) {
        if (alerts.isEmpty()) {
            return "expected an alert, got none";
        }
        JsonNode expected = AlertFixtures.resolveMarkers(testCase.path("expected_alert"), now);
        String classname = suite.path("alert_classname").asText();
        for (StoredDocument alert : alerts) {
            ObjectNode source = alert.source();
            for (Map.Entry<String, JsonNode> key : expected.properties()) {
                JsonNode actual = source.get(key.getKey());
                if (!JsonComparison.FIXTURES.equal(key.getValue(), orNull(actual))) {
                    return "alert " + key.getKey() + ": expected " + key.getValue() + ", got " + actual;
                }
            }
            String expectedClassname = testCase.path("expected_classname").asText(classname);
            if (!expectedClassname.equals(source.path("classname").asText())) {
                return "alert classname: expected " + expectedClassname + ", got " + source.path("classname");
            }
            if (!source.path("utctimestamp").isTextual()) {
                return "alert has no utctimestamp";
            }
            if (!source.path("events").isArray()) {
                return "alert events is not a list";
            }
            if (!suite.path("deadman").asBoolean()) {
                String events = checkEvents(store, alert, classname);
                if (!events.isEmpty()) {
                    return events;
                }
            }
            String message = checkPublished(alert, published);
            if (!message.isEmpty()) {
                return message;
            }
        }
        return "";
    }

    private String checkEvents(EventStore store, StoredDocument alert, String classname) {
        JsonNode events = alert.source().path("events");
        int expectedCount = testCase.path("expected_events_per_alert").asInt();
        if (events.size() != expectedCount) {
            return "alert carries " + events.size() + " events, expected " + expectedCount;
        }
        for (JsonNode ref : events) {
            if (!ref.has("documentindex") || !ref.has("documentid") || !ref.has("documentsource") || ref.size() != 3) {
                return "alert event is not {documentindex, documentid, documentsource}: " + ref.properties().stream()
                        .map(Map.Entry::getKey).toList();
            }
            Optional<StoredDocument> stored = store.get(ref.path("documentindex").asText(), ref.path("documentid").asText());
            if (stored.isEmpty()) {
                return "alert event " + ref.path("documentid").asText() + " is not in the store";
            }
            JsonNode names = stored.get().source().path("alert_names");
            if (!(names.isArray() && names.size() == 1 && classname.equals(names.get(0).asText()))) {
                return "stored event alert_names: expected [" + classname + "], got " + names;
            }
            JsonNode tags = stored.get().source().path("alerts");
            if (!tags.isArray() || tags.isEmpty()) {
                return "stored event has no alerts list";
            }
            for (JsonNode tag : tags) {
                if (!alert.index().equals(tag.path("index").asText()) || !alert.id().equals(tag.path("id").asText())) {
                    return "stored event alerts entry " + tag + " is not {index: " + alert.index() + ", id: " + alert.id() + "}";
                }
            }
        }
        return "";
    }

    private static String checkPublished(StoredDocument alert, List<ObjectNode> published) {
        Optional<ObjectNode> message = published.stream().filter(m -> alert.id().equals(m.path("_id").asText())).findFirst();
        if (message.isEmpty()) {
            return "no message published for alert " + alert.id();
        }
        JsonNode body = message.get().path("_source");
        for (String key : List.of("summary", "category", "utctimestamp", "channel", "notify_mozdefbot")) {
            if (!JsonComparison.FIXTURES.equal(orNull(alert.source().get(key)), orNull(body.get(key)))) {
                return "published " + key + " differs: " + body.get(key) + " vs saved " + alert.source().get(key);
            }
        }
        if (body.path("events").size() != alert.source().path("events").size()) {
            return "published message carries " + body.path("events").size() + " events, the alert "
                    + alert.source().path("events").size();
        }
        return "";
    }

    private String reverseDns(String ip) {
        JsonNode table = fixture.path("environment").path("reverse_dns");
        JsonNode name = table.has(ip) ? table.get(ip) : table.get("*");
        return name == null || name.isNull() ? null : name.asText();
    }

    /** The fixture's effective configuration, written where the alert reads it (MozDef's file names). */
    private void writeConfigFiles(Path configDir) throws IOException {
        for (Map.Entry<String, JsonNode> file : fixture.path("config_files").properties()) {
            JsonNode spec = file.getValue();
            String content;
            if ("ini".equals(spec.path("format").asText())) {
                StringBuilder ini = new StringBuilder("[" + spec.path("section").asText("options") + "]\n");
                for (Map.Entry<String, JsonNode> option : spec.path("effective_options").properties()) {
                    String value = option.getValue().asText();
                    // Quoted so that the reader keeps a value with a comma or a # exactly as MozDef handed it over.
                    ini.append(option.getKey()).append(" = ")
                            .append(value.contains("#") || value.contains(",") ? '"' + value + '"' : value).append('\n');
                }
                content = ini.toString();
            } else {
                content = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec.path("content"));
            }
            Files.writeString(configDir.resolve(Path.of(file.getKey()).getFileName().toString()), content, StandardCharsets.UTF_8);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A leftover temporary file must not turn a passing case into a failure.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Same: cleanup is best effort.
        }
    }

    /** An absent key reads as None, as Python's {@code dict.get} gives it to MozDef's assertions. */
    private static JsonNode orNull(JsonNode value) {
        return value == null || value.isMissingNode() ? NullNode.getInstance() : value;
    }
}
