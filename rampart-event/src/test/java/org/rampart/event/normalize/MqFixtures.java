package org.rampart.event.normalize;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/** Reads the project's copies of MozDef's mq fixtures ({@code conformance/mq/}) and checks results against them. */
final class MqFixtures {
    /** The first frozen clock of the capture (conformance/mq/README.md). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);
    static final String HOSTNAME = "fixture.host";

    /** Numbers equal by value, and integer-ness kept (Python int vs float); everything else by JSON equality. */
    static final Comparator<JsonNode> JSON_EQUALITY = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            boolean sameKind = a.isIntegralNumber() == b.isIntegralNumber();
            return sameKind && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };
    private static final Pattern PY_PATH = Pattern.compile("\\['([^']*)'\\]");

    private MqFixtures() {}

    static ObjectNode load(String name) {
        Path file = RepoRoot.get().resolve("conformance").resolve("mq").resolve(name);
        try {
            return (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code expected} with the placeholders {@code ${NOW}}, {@code ${NOW_YEAR}}, {@code ${HOSTNAME}} filled in. */
    static JsonNode substitute(JsonNode expected, Clock clock, String hostname) {
        Instant now = clock.instant();
        Map<String, String> values = Map.of(
                "${NOW}", Timestamps.isoformat(now),
                "${NOW_YEAR}", String.valueOf(now.atZone(clock.getZone()).getYear()),
                "${HOSTNAME}", hostname);
        return substitute(expected.deepCopy(), values);
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) {
            String text = node.textValue();
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace(v.getKey(), v.getValue());
            }
            return TextNode.valueOf(text);
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, substitute(object.get(name), values));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), values));
            }
        }
        return node;
    }

    static boolean sameJson(JsonNode expected, JsonNode actual) {
        return expected.equals(JSON_EQUALITY, actual);
    }

    /** Checks one MozDef {@code expect} assertion (conformance/mq/README.md) against {@code result}. */
    static void check(JsonNode expect, JsonNode result, Clock clock, String hostname) {
        JsonNode actual = at(result, expect.get("path"));
        JsonNode value = expect.has("value") ? substitute(expect.get("value"), clock, hostname) : null;
        String description = expect.toString();
        switch (expect.get("op").asText()) {
            case "eq" -> assertThat(actual != null && sameJson(value, actual))
                    .as(description + " but was " + actual).isTrue();
            case "keys" -> {
                List<String> keys = new ArrayList<>();
                actual.fieldNames().forEachRemaining(keys::add);
                List<String> expectedKeys = new ArrayList<>();
                value.forEach(k -> expectedKeys.add(k.asText()));
                assertThat(keys).as(description).containsExactlyInAnyOrderElementsOf(expectedKeys);
            }
            case "len" -> assertThat(actual.size()).as(description).isEqualTo(value.asInt());
            case "exists" -> assertThat(actual).as(description).isNotNull();
            case "absent" -> assertThat(actual).as(description).isNull();
            case "is_none" -> assertThat(actual == null || actual.isNull()).as(description).isTrue();
            case "not_none" -> assertThat(actual != null && !actual.isNull()).as(description).isTrue();
            case "ne_source" -> {
                Matcher m = PY_PATH.matcher(value.asText());
                JsonNode other = result;
                while (m.find() && other != null) {
                    other = other.get(m.group(1));
                }
                assertThat(actual).as(description).isNotEqualTo(other);
            }
            default -> throw new IllegalArgumentException("unknown expect op in " + description);
        }
    }

    private static JsonNode at(JsonNode node, JsonNode path) {
        JsonNode current = node;
        for (JsonNode step : path) {
            if (current == null) {
                return null;
            }
            current = step.isInt() ? current.get(step.asInt()) : current.get(step.asText());
        }
        return current;
    }
}
