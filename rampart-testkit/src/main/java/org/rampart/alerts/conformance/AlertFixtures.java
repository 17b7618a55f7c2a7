package org.rampart.alerts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.rampart.alerts.AlertLibrary;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Timestamps;
import org.rampart.event.Json;
import org.rampart.query.EventStore;

/**
 * Runs MozDef alert conformance fixtures ({@code mozdef-alert-fixture/1}, see {@code conformance/alerts/README.md}):
 * every case on a fresh store, the named alert run once under a fixed clock, and the checks of MozDef's
 * {@code AlertTestSuite}. New fixture files in the same format run without a code change.
 */
public final class AlertFixtures {
    /** The format this runner reads. */
    public static final String FORMAT = "mozdef-alert-fixture/1";

    private final BiFunction<Path, Clock, EventStore> storeFactory;
    private final Instant now;
    private final Function<String, Optional<AlertTask>> alerts;

    /**
     * Runs the installed alerts ({@link AlertLibrary}).
     *
     * @param storeFactory opens an empty store in the given directory, running on the given clock
     * @param now          the instant every case runs at; null to use each fixture's {@code frozen_now}
     */
    public AlertFixtures(BiFunction<Path, Clock, EventStore> storeFactory, Instant now) {
        this(storeFactory, now, AlertLibrary::create);
    }

    /** Runs the alerts {@code alerts} returns a fresh instance of, by fixture {@code alert_classname}. */
    public AlertFixtures(BiFunction<Path, Clock, EventStore> storeFactory, Instant now,
            Function<String, Optional<AlertTask>> alerts) {
        this.storeFactory = storeFactory;
        this.now = now == null ? null : now.truncatedTo(ChronoUnit.SECONDS);
        this.alerts = alerts;
    }

    /** The outcome of one case; {@code difference} is one line saying what differed, empty when it passed. */
    public record CaseResult(String file, String suite, int index, String description, String difference) {

        public boolean passed() {
            return difference.isEmpty();
        }

        /** {@code file suite#index (description): difference}. */
        public String line() {
            return file + " " + suite + "#" + index + " (" + description + ")" + (passed() ? "" : ": " + difference);
        }
    }

    /** True when the document is an alert fixture this runner reads (other fixture kinds live alongside). */
    public static boolean isAlertFixture(JsonNode document) {
        return FORMAT.equals(document.path("format").asText());
    }

    /** Runs every alert fixture file under the path (a file or a directory, searched recursively). */
    public List<CaseResult> run(Path fileOrDirectory) {
        List<CaseResult> results = new ArrayList<>();
        for (Path file : fixtureFiles(fileOrDirectory)) {
            results.addAll(runFile(file));
        }
        return results;
    }

    /** Runs every case of one fixture file; a file that is not an alert fixture gives no result. */
    public List<CaseResult> runFile(Path file) {
        JsonNode fixture;
        try {
            fixture = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return List.of(new CaseResult(file.getFileName().toString(), "-", 0, "read", "unreadable: " + e.getMessage()));
        }
        return runFixture(file.getFileName().toString(), fixture);
    }

    /** The upstream test's frozen clock, to the second. */
    private static Instant frozenNow(String name, JsonNode fixture) {
        Instant frozen = Timestamps.parse(fixture.path("frozen_now").asText(), Clock.systemUTC());
        if (frozen == null) {
            throw new IllegalArgumentException(name + ": frozen_now is not a timestamp");
        }
        return frozen.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Runs every case of a fixture document already in memory (the test kit builds them). */
    public List<CaseResult> runFixture(String name, JsonNode fixture) {
        if (!isAlertFixture(fixture)) {
            return List.of();
        }
        Instant caseNow = now != null ? now : frozenNow(name, fixture);
        List<CaseResult> results = new ArrayList<>();
        for (JsonNode suite : fixture.path("suites")) {
            for (JsonNode testCase : suite.path("cases")) {
                String difference = new FixtureCase(fixture, suite, testCase, caseNow, storeFactory, alerts).run();
                results.add(new CaseResult(name, suite.path("test_class").asText(), testCase.path("index").asInt(),
                        testCase.path("description").asText(), difference));
            }
        }
        return results;
    }

    /** The report of {@code ./rampart conformance}: one line per failing case, then {@code N passed, N failed}. */
    public static String report(List<CaseResult> results) {
        StringBuilder out = new StringBuilder();
        int failed = 0;
        for (CaseResult result : results) {
            if (!result.passed()) {
                failed++;
                out.append("FAIL ").append(result.line()).append('\n');
            }
        }
        out.append(results.size() - failed).append(" passed, ").append(failed).append(" failed\n");
        return out.toString();
    }

    private static List<Path> fixtureFiles(Path fileOrDirectory) {
        if (Files.isRegularFile(fileOrDirectory)) {
            return List.of(fileOrDirectory);
        }
        try (Stream<Path> paths = Files.walk(fileOrDirectory)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixtures under " + fileOrDirectory, e);
        }
    }

    /** Resolves the time and randomness markers of README section 2 against {@code now}. */
    static JsonNode resolveMarkers(JsonNode node, Instant now) {
        if (node.isObject()) {
            Optional<JsonNode> marker = marker((ObjectNode) node, now);
            if (marker.isPresent()) {
                return marker.get();
            }
            ObjectNode copy = Json.object();
            node.properties().forEach(e -> copy.set(e.getKey(), resolveMarkers(e.getValue(), now)));
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.MAPPER.createArrayNode();
            node.forEach(item -> copy.add(resolveMarkers(item, now)));
            return copy;
        }
        return node;
    }

    private static Optional<JsonNode> marker(ObjectNode node, Instant now) {
        if (node.size() != 1) {
            return Optional.empty();
        }
        var text = Json.MAPPER.getNodeFactory();
        if (node.has("$relative_seconds")) {
            long seconds = node.get("$relative_seconds").asLong();
            return Optional.of(text.textNode(Timestamps.isoformat(now.plusSeconds(seconds))));
        }
        if (node.has("$time_of_day")) {
            java.time.LocalTime time = java.time.LocalTime.parse(node.get("$time_of_day").asText());
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC).with(time);
            return Optional.of(text.textNode(Timestamps.isoformat(at.toInstant())));
        }
        if (node.has("$wall_clock_now")) {
            // Upstream read the real clock, years after its frozen now: any instant at or after now will do.
            Instant wall = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            return Optional.of(text.textNode(Timestamps.isoformat(wall.isAfter(now) ? wall : now)));
        }
        if (node.has("$random_ipv4")) {
            var random = java.util.concurrent.ThreadLocalRandom.current();
            return Optional.of(text.textNode(random.nextInt(1, 256) + "." + random.nextInt(1, 256) + "."
                    + random.nextInt(1, 256) + "." + random.nextInt(1, 256)));
        }
        return Optional.empty();
    }
}
