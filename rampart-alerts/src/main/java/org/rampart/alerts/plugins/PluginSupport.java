package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.rampart.event.extension.Registration;
import org.rampart.query.Hit;

/** What the bundled plugins share: reading alerts and hits the way MozDef's plugins do. */
final class PluginSupport {

    private PluginSupport() {}

    /** A plugin made of its parts. */
    record BasicPlugin(String name, Registration registration, int priority, UnaryOperator<ObjectNode> body)
            implements AlertPlugin {
        @Override
        public ObjectNode onMessage(ObjectNode alert) {
            return body.apply(alert);
        }
    }

    /** The alert's {@code details} object, created if absent; empty if {@code details} is not an object. */
    static Optional<ObjectNode> details(ObjectNode alert) {
        JsonNode details = alert.get("details");
        if (details == null || details.isNull()) {
            return Optional.of(alert.putObject("details"));
        }
        return details instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    /** {@code events[0].documentsource.details.sourceipaddress}, where MozDef's plugins find "the" IP. */
    static Optional<String> firstEventSourceIp(JsonNode alert) {
        JsonNode ip = alert.path("events").path(0).path("documentsource").path("details").path("sourceipaddress");
        return ip.isValueNode() && !ip.isNull() && !ip.asText().isEmpty() ? Optional.of(ip.asText()) : Optional.empty();
    }

    /** Appends {@code "; " + fragment} to the summary, as every MozDef enrichment does. */
    static void appendSummary(ObjectNode alert, String fragment) {
        alert.put("summary", alert.path("summary").asText("") + "; " + fragment);
    }

    /** The hit whose {@code _source} value at the path sorts last: MozDef's "newest". */
    static Optional<Hit> newest(List<Hit> hits, String... path) {
        return hits.stream().max(Comparator.comparing((Hit h) -> sortKey(at(h.source(), path))));
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    /** Numbers by value, timestamps by instant, anything else last-resort by text. */
    private static Key sortKey(JsonNode value) {
        if (value.isNumber()) {
            return new Key(value.asDouble(), Instant.MIN);
        }
        return new Key(Double.NEGATIVE_INFINITY, timestamp(value.asText("")).orElse(Instant.MIN));
    }

    private record Key(double number, Instant time) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Double.compare(number, o.number);
            return c != 0 ? c : time.compareTo(o.time);
        }
    }

    /** Parses ISO-8601 timestamps with an offset, also with a space instead of the {@code T}. */
    static Optional<Instant> timestamp(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A Python {@code timedelta(**dict)} as MozDef's configs and calls write it ({@code {"hours": 24}}). */
    static Duration timedelta(JsonNode dict) {
        Duration d = Duration.ZERO;
        d = d.plusDays(dict.path("days").asLong(0)).plusDays(7 * dict.path("weeks").asLong(0));
        d = d.plusHours(dict.path("hours").asLong(0)).plusMinutes(dict.path("minutes").asLong(0));
        return d.plusSeconds(dict.path("seconds").asLong(0));
    }

    /** Hours as MozDef configs give them (a number or a digit string). */
    static int hours(JsonNode value, int fallback) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        if (value.canConvertToInt()) {
            return value.asInt();
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number of hours, got " + value);
        }
    }

    /** The search over the plugin config's {@code indices_to_search}, or over {@code fallback} when it names none. */
    static SearchFunction searchIn(AlertPluginContext context, String fallback) {
        List<String> indices = strings(context.config().get("indices_to_search"));
        return context.searchIn().apply(indices.isEmpty() ? List.of(fallback) : indices);
    }

    /** A list of strings from a JSON list, or from one string. */
    static List<String> strings(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
        }
        return List.of(node.asText());
    }
}
