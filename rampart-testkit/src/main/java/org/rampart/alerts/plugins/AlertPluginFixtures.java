package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.rampart.conformance.JsonComparison;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.query.ExistsMatch;
import org.rampart.query.Hit;
import org.rampart.query.Match;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryJson;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;
import org.rampart.query.WildcardMatch;

/**
 * Runs MozDef's alert plugin fixtures ({@code conformance/alerts/plugins/*.json}, format
 * {@code mozdef-alert-plugin-fixture/1}): each recorded call goes to the plugin's function with the
 * recorded arguments, its lookups are answered from the recorded {@code search_calls} in order (and
 * each query it builds is compared with the recorded one), and its result is compared with the
 * recorded {@code output}. Lists MozDef built from Python sets ({@code possible_usernames},
 * {@code ipintel}, {@code sites}) and the {@code "; "}-appended summary fragments are compared without
 * regard to order. A recorded lookup without a time window ({@code date_timedelta: {}}, a MozDef bug)
 * accepts Rampart's windowed lookup. A call without an {@code inputs.alert} is one of MozDef's helper functions
 * that plugin tests call by name (e.g. {@code _most_common_hostname} in {@code possible_usernames}); it runs the
 * port's equivalent listed in {@link #HELPERS} and compares what it returns.
 */
public final class AlertPluginFixtures {

    /** The fixture format this runner reads. */
    public static final String FORMAT = "mozdef-alert-plugin-fixture/1";

    /** Lists MozDef built from Python sets, and summaries it appended set-ordered fragments to, compare in any order. */
    static final JsonComparison COMPARISON = JsonComparison.FIXTURES
            .withSetValuedKeys(Set.of("possible_usernames", "ipintel", "sites")).withUnorderedSummaryFragments();

    /** Every mapped MozDef function on the class path, keyed {@code plugin.function}. */
    private static final Map<String, PluginFunctions.Function> FUNCTIONS = loadFunctions();

    /**
     * The outcome of one recorded call.
     *
     * @param difference null when passed, else the first difference found, on one line
     */
    public record Result(String file, String test, int call, boolean passed, String difference) {}

    private AlertPluginFixtures() {}

    /** Whether a parsed JSON document is a plugin fixture. */
    public static boolean isFixture(JsonNode document) {
        return FORMAT.equals(document.path("format").asText());
    }

    /** Runs every plugin fixture in a file, or in the {@code .json} files under a folder. */
    public static List<Result> run(Path fileOrFolder, Clock clock) throws IOException {
        List<Path> files;
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> walk = Files.walk(fileOrFolder)) {
                files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
        } else {
            files = List.of(fileOrFolder);
        }
        List<Result> results = new ArrayList<>();
        for (Path file : files) {
            JsonNode fixture = Json.MAPPER.readTree(file.toFile());
            if (isFixture(fixture)) {
                results.addAll(run(file.getFileName().toString(), fixture, clock));
            }
        }
        return results;
    }

    /** Runs one parsed fixture. */
    public static List<Result> run(String file, JsonNode fixture, Clock clock) {
        List<Result> results = new ArrayList<>();
        String pluginName = fixture.path("plugin").asText();
        AlertPluginProvider provider = Extensions.bundled().find(AlertPluginProvider.KIND, pluginName).orElse(null);
        for (JsonNode test : fixture.path("tests")) {
            String testName = test.path("test").asText();
            int index = 0;
            for (JsonNode call : test.path("calls")) {
                String difference;
                if (provider == null) {
                    difference = "no alert plugin named \"" + pluginName + "\"";
                } else {
                    try {
                        difference = runCall(provider, resolveMarkers(call, clock.instant()), clock);
                    } catch (RuntimeException e) {
                        difference = "threw " + e;
                    }
                }
                results.add(new Result(file, testName, index++, difference == null, difference));
            }
        }
        return results;
    }

    /** One line per failure, then {@code N passed, N failed}. */
    public static String report(List<Result> results) {
        StringBuilder out = new StringBuilder();
        long passed = results.stream().filter(Result::passed).count();
        for (Result r : results) {
            if (!r.passed()) {
                out.append("FAIL ").append(r.file()).append(' ').append(r.test()).append('#').append(r.call())
                        .append(": ").append(r.difference()).append('\n');
            }
        }
        return out.append(passed).append(" passed, ").append(results.size() - passed).append(" failed\n").toString();
    }

    private static Map<String, PluginFunctions.Function> loadFunctions() {
        Map<String, PluginFunctions.Function> all = new HashMap<>();
        for (PluginFunctions table : ServiceLoader.load(PluginFunctions.class, AlertPluginFixtures.class.getClassLoader())) {
            all.putAll(table.functions());
        }
        return Map.copyOf(all);
    }

    private static String runCall(AlertPluginProvider provider, JsonNode call, Clock clock) {
        JsonNode inputs = call.path("inputs");
        String name = provider.name() + "." + call.path("function").asText();
        PluginFunctions.Function function = FUNCTIONS.get(name);
        if (function == null) {
            return "fixture calls " + name + ", which has no Java equivalent mapped (PluginFunctions)";
        }
        Deque<JsonNode> recorded = new ArrayDeque<>();
        call.path("search_calls").forEach(recorded::add);
        List<String> searchProblems = new ArrayList<>();
        SearchFunction replay = query -> {
            JsonNode next = recorded.poll();
            if (next == null) {
                searchProblems.add("unexpected lookup " + dsl(query));
                return new SimpleResults(List.of(), false);
            }
            String queryDiff = compareQuery(next.path("query"), query);
            if (queryDiff != null) {
                searchProblems.add(queryDiff);
            }
            return results(next.path("returned"));
        };
        JsonNode output = function.call(inputs.deepCopy(), replay, clock);
        if (!searchProblems.isEmpty()) {
            return searchProblems.getFirst();
        }
        if (!recorded.isEmpty()) {
            return recorded.size() + " recorded lookup(s) never made, next: " + recorded.peek().path("query");
        }
        return COMPARISON.difference(call.path("output"), output);
    }

    private static SimpleResults results(JsonNode returned) {
        JsonNode hits = returned.isArray() ? returned : returned.path("hits");
        List<Hit> list = new ArrayList<>();
        for (JsonNode hit : hits) {
            ObjectNode source = hit.path("_source") instanceof ObjectNode s ? s.deepCopy() : Json.object();
            list.add(new Hit(hit.path("_id").asText(""), hit.path("_index").asText(""), hit.path("_score").asDouble(0), source));
        }
        return new SimpleResults(list, false);
    }

    /** The query in the recorded form: Elasticsearch clauses per bool section, plus the window. */
    static ObjectNode dsl(SearchQuery query) {
        ObjectNode node = Json.object();
        node.set("must", clauses(query.must()));
        node.set("must_not", clauses(query.mustNot()));
        node.set("should", clauses(query.should()));
        return node;
    }

    private static ArrayNode clauses(List<Match> matches) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Match m : matches) {
            ObjectNode clause = array.addObject();
            switch (m) {
                case TermMatch t -> clause.putObject("match").set(t.key(), Json.MAPPER.valueToTree(t.value()));
                case PhraseMatch p -> clause.putObject("match_phrase").put(p.key(), p.value());
                case TermsMatch t -> clause.putObject("terms").set(t.key(), Json.MAPPER.valueToTree(t.values()));
                case WildcardMatch w -> clause.putObject("wildcard").put(w.key(), w.value());
                case ExistsMatch e -> clause.putObject("exists").put("field", e.field());
                case QueryStringMatch q -> clause.putObject("query_string").put("query", q.query());
                default -> clause.setAll(QueryJson.write(m));
            }
        }
        return array;
    }

    private static String compareQuery(JsonNode recorded, SearchQuery query) {
        ObjectNode actual = dsl(query);
        for (String section : List.of("must", "must_not", "should")) {
            String d = COMPARISON.difference(recorded.path(section), actual.get(section));
            if (d != null) {
                return "lookup differs from the recorded one in query." + section + ": " + d;
            }
        }
        JsonNode window = recorded.path("date_timedelta");
        if (window.isObject() && !window.isEmpty()) {
            Duration expected = PluginSupport.timedelta(window);
            if (!query.lookback().equals(java.util.Optional.of(expected))) {
                return "lookup window " + query.lookback().orElse(null) + ", recorded " + window;
            }
        }
        return null;
    }

    /** Replaces the fixture's time and randomness markers, relative to {@code now}. */
    static JsonNode resolveMarkers(JsonNode node, Instant now) {
        if (node.isObject()) {
            if (node.size() == 1) {
                Map.Entry<String, JsonNode> only = node.properties().iterator().next();
                switch (only.getKey()) {
                    case "$relative_seconds" -> {
                        return Json.MAPPER.getNodeFactory().textNode(isoformat(now.plusMillis(Math.round(only.getValue().asDouble() * 1000)).truncatedTo(ChronoUnit.MICROS)));
                    }
                    case "$time_of_day" -> {
                        ZonedDateTime day = now.atZone(ZoneOffset.UTC);
                        return Json.MAPPER.getNodeFactory().textNode(isoformat(
                                day.with(LocalTime.parse(only.getValue().asText())).toInstant()));
                    }
                    case "$wall_clock_now" -> {
                        return Json.MAPPER.getNodeFactory().textNode(isoformat(now.plus(Duration.ofDays(365))));
                    }
                    case "$random_ipv4" -> {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        return Json.MAPPER.getNodeFactory().textNode(r.nextInt(1, 256) + "." + r.nextInt(1, 256) + "."
                                + r.nextInt(1, 256) + "." + r.nextInt(1, 256));
                    }
                    default -> { }
                }
            }
            ObjectNode copy = Json.object();
            node.properties().forEach(e -> copy.set(e.getKey(), resolveMarkers(e.getValue(), now)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(n -> copy.add(resolveMarkers(n, now)));
            return copy;
        }
        return node;
    }

    /** Python's {@code datetime.isoformat()} of a UTC time: microseconds only when not zero. */
    static String isoformat(Instant t) {
        String pattern = t.getNano() / 1000 == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(t) + "+00:00";
    }
}
