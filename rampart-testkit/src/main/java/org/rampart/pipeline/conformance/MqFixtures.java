package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.conformance.JsonComparison;
import org.rampart.event.Json;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/**
 * Runs a {@code mozdef-mq-fixture/1} file (shared/conformance/mq/README.md): each case's entry is called with a
 * fixed clock and host name on copies of its input, then the case's assertions and its whole recorded output
 * are checked. Entries are {@link MqEntryPoint}s found with {@link ServiceLoader}.
 */
public final class MqFixtures {
    /** The fixture format this runner reads. */
    public static final String FORMAT = "mozdef-mq-fixture/1";
    /** The format of whole-worker cases (a queue body in, the stored documents out). */
    public static final String PIPELINE_FORMAT = "mozdef-mq-pipeline/1";
    /** The instant the fixed clock shows; the fixtures' first capture ran at it too. */
    static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    static final String NOW_TEXT = "2031-05-06T07:08:09.123456+00:00";
    static final String HOSTNAME = "rampart-conformance";
    /** A value the fixture converter could not template: any value matches it. */
    static final String VOLATILE = "${VOLATILE}";
    /** How fixture outputs are compared: {@link #VOLATILE} matches anything. */
    static final JsonComparison COMPARISON = JsonComparison.FIXTURES.withWildcard(VOLATILE);

    private static final Pattern META_ASSERT = Pattern.compile("\\b(retmeta|metadata)\\s*==");
    private static final Pattern SUBSCRIPT = Pattern.compile("\\[\\s*['\"]([^'\"]*)['\"]\\s*]");

    private final Map<String, MqEntryPoint> entries = new HashMap<>();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A runner with every {@link MqEntryPoint} on the class path. */
    public MqFixtures() {
        for (MqEntryPoint e : ServiceLoader.load(MqEntryPoint.class, MqFixtures.class.getClassLoader())) {
            entries.putIfAbsent(e.entry(), e);
        }
    }

    /** Whether the file is an mq fixture this runner reads (other JSON files in the folder are indexes). */
    public static boolean isFixture(JsonNode file) {
        String format = file.path("fixture_format").asText();
        return FORMAT.equals(format) || PIPELINE_FORMAT.equals(format);
    }

    /** Runs every case and derived case of the file; an unreadable file is an {@link IOException}. */
    public List<CaseResult> run(Path fixtureFile) throws IOException {
        JsonNode file = Json.MAPPER.readTree(fixtureFile.toFile());
        String name = fixtureFile.getFileName().toString();
        List<CaseResult> results = new ArrayList<>();
        if (!isFixture(file)) {
            return results;
        }
        String subject = file.hasNonNull("plugin") ? file.get("plugin").asText() : file.path("subject").asText();
        for (String list : List.of("cases", "derived_cases")) {
            for (JsonNode c : file.path(list)) {
                results.add(runCase(name, subject, ((ObjectNode) c).deepCopy()));
            }
        }
        return results;
    }

    private CaseResult runCase(String file, String subject, ObjectNode c) {
        String id = c.path("id").asText();
        boolean required = !"derived".equals(c.path("origin").asText());
        String entryName = c.path("entry").asText("onMessage");
        MqEntryPoint entry = entries.get(entryName);
        if (entry == null) {
            return CaseResult.skipped(file, id, required, "no entry point " + entryName);
        }
        if (!entry.supports(subject)) {
            return CaseResult.skipped(file, id, required, subject + " is not present");
        }
        if (c.path("input").toString().contains(VOLATILE)) {
            return CaseResult.skipped(file, id, required,
                    "its input was recorded as " + VOLATILE + ", so it cannot be replayed");
        }
        JsonNode environment = environment(c);
        ObjectNode input = body(c.path("input"));
        ObjectNode metadata = c.get("metadata") instanceof ObjectNode o ? o.deepCopy() : Json.object();
        MqEntryPoint.Outcome out;
        try {
            // A queue body that is not a JSON object is dropped before any entry sees it, as in MozDef's workers.
            out = input == null ? new MqEntryPoint.Outcome(null, null)
                    : entry.invoke(subject, input, metadata, context(environment), EventContext.at(clock), environment);
        } catch (RuntimeException e) {
            // Derived cases assert little, but a plugin that throws on a real input is a failure in any case.
            String why = "threw " + e;
            return new CaseResult(file, id, required, null, false, why, false, why);
        }
        if (c.has("expected_indexed")) {
            indexedAsExpected(c);
        }
        JsonNode expected = substitute(c.path("expected"));
        String failure = requiredFailure(c, expected, out);
        String strictFailure = strictFailure(c, expected, out);
        return new CaseResult(file, id, required, null, failure == null, failure, strictFailure == null, strictFailure);
    }

    /** A copy of the case's input object; a string input is a raw queue body holding JSON; null if not an object. */
    private static ObjectNode body(JsonNode input) {
        if (input instanceof ObjectNode o) {
            return o.deepCopy();
        }
        if (input.isTextual()) {
            try {
                return Json.MAPPER.readTree(input.textValue()) instanceof ObjectNode o ? o : null;
            } catch (IOException e) {
                return null;
            }
        }
        return input.isMissingNode() ? Json.object() : null;
    }

    /**
     * The case's {@code environment} and {@code options} (worker settings) as one object, plus the outgoing HTTP
     * requests it recorded ({@code expected_http_requests}) for an entry that can check them.
     */
    private static JsonNode environment(ObjectNode c) {
        ObjectNode env = Json.object();
        for (String part : List.of("options", "environment")) {
            if (c.get(part) instanceof ObjectNode o) {
                env.setAll(o);
            }
        }
        if (c.get("expected_http_requests") instanceof ArrayNode requests) {
            env.set("expected_http_requests", requests);
        }
        return env;
    }

    private PluginContext context(JsonNode environment) {
        Supplier<String> hostname;
        if (environment.path("hostname_lookup_raises").asBoolean(false)) {
            hostname = () -> {
                throw new IllegalStateException("host name lookup failed (fixture environment)");
            };
        } else {
            String host = environment.path("hostname_lookup_returns").asText(HOSTNAME);
            hostname = () -> host;
        }
        return new PluginContext(hostname, null, null);
    }

    /**
     * A worker case records what was stored ({@code expected_indexed}) rather than a returned message: the stored
     * body is the expected message (none stored means dropped) and its index and id the expected metadata.
     */
    private static void indexedAsExpected(ObjectNode c) {
        JsonNode indexed = c.path("expected_indexed");
        if (indexed.isEmpty()) {
            c.put("expected", "dropped");
            return;
        }
        JsonNode first = indexed.get(0);
        c.set("expected", first.path("body"));
        c.set("expected_metadata", Json.object().put("index", first.path("index").asText())
                .set("id", first.path("doc_id")));
        c.put("check", "full");
        c.putArray("asserts").add("assert metadata == expected_metadata");
    }

    private String requiredFailure(ObjectNode c, JsonNode expected, MqEntryPoint.Outcome out) {
        boolean required = !"derived".equals(c.path("origin").asText());
        if (!required) {
            return null;
        }
        if ("dropped".equals(expected.asText(null)) && out.message() != null) {
            return "expected the event to be dropped, but it was returned: " + JsonComparison.show(out.message());
        }
        for (JsonNode e : c.path("expect")) {
            String d = checkExpectation(e, out);
            if (d != null) {
                return d;
            }
        }
        if ("full".equals(c.path("check").asText()) && expected.isObject()) {
            if (out.message() == null) {
                return "dropped, expected " + JsonComparison.show(expected);
            }
            String d = COMPARISON.difference(expected, out.message());
            if (d != null) {
                return "message " + d;
            }
        }
        if (metadataAsserted(c) && out.message() != null) {
            String d = metadataDifference(c, out);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private String strictFailure(ObjectNode c, JsonNode expected, MqEntryPoint.Outcome out) {
        if (expected.isTextual() && "dropped".equals(expected.asText())) {
            return out.message() == null ? null : "expected dropped, was " + JsonComparison.show(out.message());
        }
        if (!expected.isObject()) {
            return "unsupported expected value " + JsonComparison.show(expected);
        }
        if (out.message() == null) {
            return "dropped, expected " + JsonComparison.show(expected);
        }
        String d = COMPARISON.difference(expected, out.message());
        if (d != null) {
            return "message " + d;
        }
        return c.has("expected_metadata") ? metadataDifference(c, out) : null;
    }

    private String metadataDifference(ObjectNode c, MqEntryPoint.Outcome out) {
        JsonNode expected = substitute(c.path("expected_metadata"));
        if (expected.isNull() || expected.isMissingNode()) {
            return out.metadata() == null ? null : "metadata: expected None, was " + JsonComparison.show(out.metadata());
        }
        if (out.metadata() == null) {
            return "metadata: was None, expected " + JsonComparison.show(expected);
        }
        String d = COMPARISON.difference(expected, out.metadata());
        return d == null ? null : "metadata " + d;
    }

    private static boolean metadataAsserted(ObjectNode c) {
        for (JsonNode a : c.path("asserts")) {
            if (META_ASSERT.matcher(a.asText()).find()) {
                return true;
            }
        }
        return false;
    }

    private String checkExpectation(JsonNode e, MqEntryPoint.Outcome out) {
        boolean onMetadata = "metadata".equals(e.path("target").asText());
        JsonNode root = onMetadata ? out.metadata() : out.message();
        String where = (onMetadata ? "metadata" : "message") + pathText(e.path("path"));
        String op = e.path("op").asText();
        JsonNode value = substitute(e.path("value"));
        if (op.equals("is_none") || op.equals("not_none")) {
            JsonNode v = root == null ? null : at(root, e.path("path"));
            boolean none = v == null || v.isNull() || v.isMissingNode();
            if (op.equals("is_none") == none) {
                return null;
            }
            return where + ": expected " + (none ? "a value" : "None, was " + JsonComparison.show(v));
        }
        if (root == null) {
            return where + ": " + (onMetadata ? "metadata is None" : "the event was dropped") + " (" + op + ")";
        }
        JsonNode v = at(root, e.path("path"));
        boolean present = v != null && !v.isMissingNode();
        switch (op) {
            case "exists":
                return present ? null : where + ": expected to exist";
            case "absent":
                return present ? where + ": expected absent, was " + JsonComparison.show(v) : null;
            case "eq": {
                if (!present) {
                    return where + ": missing, expected " + JsonComparison.show(value);
                }
                String d = COMPARISON.difference(value, v);
                return d == null ? null : where + " " + d;
            }
            case "len": {
                int n = !present ? -1 : v.isTextual() ? v.asText().codePointCount(0, v.asText().length()) : v.size();
                return present && n == value.asInt() ? null : where + ": expected length " + value + ", was " + n;
            }
            case "keys": {
                if (!present || !v.isObject()) {
                    return where + ": expected an object with keys " + value;
                }
                List<String> keys = new ArrayList<>();
                v.fieldNames().forEachRemaining(keys::add);
                keys.sort(null);
                List<String> want = new ArrayList<>();
                value.forEach(k -> want.add(k.asText()));
                return keys.equals(want) ? null : where + ": expected keys " + want + ", was " + keys;
            }
            case "ne_source": {
                JsonNode other = evaluate(value.asText(), out);
                if (other == null) {
                    return where + ": cannot evaluate " + value.asText();
                }
                return present && COMPARISON.difference(other, v) != null
                        ? null : where + ": expected to differ from " + value.asText() + " = " + JsonComparison.show(other);
            }
            default:
                return where + ": unknown op " + op;
        }
    }

    /** Evaluates the subscript expressions the fixtures use in ne_source, e.g. {@code result['utctimestamp']}. */
    private static JsonNode evaluate(String expression, MqEntryPoint.Outcome out) {
        int bracket = expression.indexOf('[');
        if (bracket <= 0 || out.message() == null) {
            return null;
        }
        String rootName = expression.substring(0, bracket).trim();
        JsonNode node = rootName.contains("meta") ? out.metadata() : out.message();
        Matcher m = SUBSCRIPT.matcher(expression.substring(bracket));
        while (node != null && m.find()) {
            node = node.get(m.group(1));
        }
        return node;
    }

    private static JsonNode at(JsonNode root, JsonNode path) {
        JsonNode node = root;
        for (JsonNode step : path) {
            if (node == null) {
                return null;
            }
            node = step.isInt() ? node.get(step.asInt()) : node.get(step.asText());
        }
        return node;
    }

    private static String pathText(JsonNode path) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode step : path) {
            sb.append(step.isInt() ? "[" + step.asInt() + "]" : "." + step.asText());
        }
        return sb.toString();
    }

    /** Replaces the placeholders of the fixtures (README "Placeholders") by this runner's clock and host. */
    JsonNode substitute(JsonNode node) {
        if (node.isTextual()) {
            String s = node.asText();
            return s.indexOf("${") < 0 ? node : TextNode.valueOf(s
                    .replace("${NOW}", NOW_TEXT)
                    .replace("${NOW_YEAR}", String.valueOf(NOW.atZone(ZoneOffset.UTC).getYear()))
                    .replace("${HOSTNAME}", HOSTNAME));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), substitute(e.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(v -> copy.add(substitute(v)));
            return copy;
        }
        return node;
    }
}
