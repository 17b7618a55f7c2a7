package org.rampart.alerts.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Timestamps;
import org.rampart.alerts.conformance.AlertFixtures;
import org.rampart.event.Json;
import org.rampart.query.EventStore;

/**
 * MozDef's AlertTestSuite for Java alerts: positive and negative cases, each run on a fresh embedded store with a
 * fixed clock, checked exactly as the conformance fixtures are (it builds one in memory and runs it).
 *
 * <pre>{@code
 * AlertTestSuite.of(AlertFoo::new, LuceneEventStore::open)
 *     .defaultEvent(AlertTestSuite.json("{\"category\": \"helloworld\", \"details\": {\"sourceipaddress\": \"1.2.3.4\"}}"))
 *     .defaultAlert(AlertTestSuite.json("{\"category\": \"hello\", \"severity\": \"NOTICE\", \"summary\": \"Foo\", \"tags\": [\"foo\"]}"))
 *     .positive("default event fires", List.of(AlertTestSuite.json("{}")), AlertTestSuite.json("{}"))
 *     .negative("other category does not", List.of(AlertTestSuite.json("{\"category\": \"other\"}")))
 *     .verify();
 * }</pre>
 *
 * <p>Event fields are merged recursively over MozDef's base test event (category {@code excategory}, hostname
 * {@code exhostname}, every timestamp "now", ...) and then over {@link #defaultEvent}. Times are written as
 * {@link #secondsAgo} markers. Expected alerts are {@link #defaultAlert} merged with the case's changes;
 * {@code channel} defaults to null and {@code notify_mozdefbot} to MozDef's rule.
 */
public final class AlertTestSuite {
    /** The instant MozDef's alert tests froze their clock at. */
    public static final Instant MOZDEF_TEST_NOW = Instant.parse("2017-01-01T01:00:00Z");

    private final Supplier<? extends AlertTask> alert;
    private final BiFunction<Path, Clock, EventStore> storeFactory;
    private final String classname;
    private Instant now = MOZDEF_TEST_NOW;
    private ObjectNode defaultEvent = Json.object();
    private ObjectNode defaultAlert = Json.object();
    private final Map<String, JsonNode> configFiles = new LinkedHashMap<>();
    private final List<ObjectNode> cases = new ArrayList<>();
    private boolean deadman;

    private AlertTestSuite(Supplier<? extends AlertTask> alert, BiFunction<Path, Clock, EventStore> storeFactory) {
        this.alert = alert;
        this.storeFactory = storeFactory;
        this.classname = alert.get().classname();
    }

    /** A suite for the alert (a fresh instance per case) on stores the factory opens in a directory. */
    public static AlertTestSuite of(Supplier<? extends AlertTask> alert, BiFunction<Path, Clock, EventStore> storeFactory) {
        return new AlertTestSuite(alert, storeFactory);
    }

    /** Parses a JSON object, for writing events and alerts inline. */
    public static ObjectNode json(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    /** A timestamp {@code seconds} before the suite's now (negative values lie in the future). */
    public static ObjectNode secondsAgo(long seconds) {
        return Json.object().put("$relative_seconds", -seconds);
    }

    /** Runs every case at this instant instead of {@link #MOZDEF_TEST_NOW}. */
    public AlertTestSuite now(Instant now) {
        this.now = now;
        return this;
    }

    /** Fields every event of every case starts from, over MozDef's base test event. */
    public AlertTestSuite defaultEvent(ObjectNode event) {
        this.defaultEvent = event.deepCopy();
        return this;
    }

    /** The alert every positive case expects unless it changes some keys. */
    public AlertTestSuite defaultAlert(ObjectNode alert) {
        this.defaultAlert = alert.deepCopy();
        return this;
    }

    /** The alert's INI config file ({@code [options]}) as the cases see it, instead of the bundled one. */
    public AlertTestSuite iniConfig(String file, Map<String, String> options) {
        ObjectNode spec = Json.object().put("format", "ini").put("section", "options");
        ObjectNode values = spec.putObject("effective_options");
        options.forEach(values::put);
        configFiles.put(file, spec);
        return this;
    }

    /** The alert's JSON config file as the cases see it, instead of the bundled one. */
    public AlertTestSuite jsonConfig(String file, JsonNode content) {
        configFiles.put(file, Json.object().put("format", "json").set("content", content.deepCopy()));
        return this;
    }

    /** Marks the alert as a deadman alert: positive cases expect an alert with no events attached. */
    public AlertTestSuite deadman() {
        this.deadman = true;
        return this;
    }

    /** A case that must produce exactly the expected alert, carrying all of {@code events}. */
    public AlertTestSuite positive(String description, List<ObjectNode> events, ObjectNode alertChanges) {
        ObjectNode testCase = newCase(description, events, true);
        ObjectNode expected = merge(defaultAlert.deepCopy(), alertChanges);
        if (!expected.has("channel")) {
            expected.putNull("channel");
        }
        if (!expected.has("notify_mozdefbot")) {
            String severity = expected.path("severity").asText();
            boolean quiet = (severity.equals("NOTICE") || severity.equals("INFO")) && expected.path("channel").isNull();
            expected.put("notify_mozdefbot", !quiet);
        }
        testCase.set("expected_alert", expected);
        testCase.put("expected_classname", classname);
        testCase.put("expected_events_per_alert", events.size());
        cases.add(testCase);
        return this;
    }

    /** A case that must produce no alert. */
    public AlertTestSuite negative(String description, List<ObjectNode> events) {
        cases.add(newCase(description, events, false));
        return this;
    }

    /** Runs every case; throws an AssertionError listing each failing case and what differed. */
    public void verify() {
        List<AlertFixtures.CaseResult> results = new AlertFixtures(storeFactory, now,
                name -> name.equals(classname) ? Optional.of(alert.get()) : Optional.empty())
                .runFixture(classname, fixture());
        List<String> failures = results.stream().filter(r -> !r.passed()).map(AlertFixtures.CaseResult::line).toList();
        if (results.isEmpty()) {
            throw new AssertionError("the suite for " + classname + " has no cases");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + results.size() + " cases failed:\n" + String.join("\n", failures));
        }
    }

    private ObjectNode fixture() {
        ObjectNode fixture = Json.object();
        fixture.put("format", AlertFixtures.FORMAT);
        fixture.put("frozen_now", Timestamps.isoformat(now));
        ObjectNode configs = fixture.putObject("config_files");
        configFiles.forEach(configs::set);
        fixture.putObject("environment").putObject("reverse_dns").put("*", "mock.mozilla.org");
        ObjectNode suite = fixture.putArray("suites").addObject();
        suite.put("test_class", classname + "Test");
        suite.put("alert_classname", classname);
        suite.put("deadman", deadman);
        ArrayNode caseArray = suite.putArray("cases");
        cases.forEach(caseArray::add);
        return fixture;
    }

    private ObjectNode newCase(String description, List<ObjectNode> events, boolean positive) {
        ObjectNode testCase = Json.object();
        testCase.put("index", cases.size());
        testCase.put("description", description);
        testCase.put("expect_alert", positive);
        ArrayNode eventArray = testCase.putArray("events");
        for (ObjectNode event : events) {
            ObjectNode source = merge(merge(baseEvent(), defaultEvent), event);
            eventArray.addObject().put("_index", "events").set("_source", source);
        }
        return testCase;
    }

    /** MozDef's UnitTestSuite.generate_default_event after add_required_fields. */
    private static ObjectNode baseEvent() {
        ObjectNode event = json("""
                {"category": "excategory", "mozdefhostname": "mozdefhost", "hostname": "exhostname",
                 "severity": "NOTICE", "source": "exsource", "summary": "Example summary", "tags": ["tag1", "tag2"],
                 "details": {"sourceipaddress": "1.2.3.4", "hostname": "exhostname"},
                 "type": "event", "processid": "UNKNOWN", "processname": "UNKNOWN", "mozdef": {"plugins": []}}""");
        event.set("utctimestamp", secondsAgo(0));
        event.set("receivedtimestamp", secondsAgo(0));
        event.set("timestamp", secondsAgo(0));
        return event;
    }

    /** Python's recursive dict merge of MozDef's test suite: objects merge, anything else replaces. */
    private static ObjectNode merge(ObjectNode base, ObjectNode changes) {
        changes.properties().forEach(e -> {
            JsonNode existing = base.get(e.getKey());
            boolean marker = e.getValue().isObject() && e.getValue().has("$relative_seconds");
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode change && !marker) {
                merge(target, change);
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return base;
    }
}
