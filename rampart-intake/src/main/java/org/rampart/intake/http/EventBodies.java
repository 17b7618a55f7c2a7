package org.rampart.intake.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rampart.event.Json;

/** Turns request bodies into events the way MozDef's loginput reads them, with bad input refused, not crashed on. */
final class EventBodies {
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A bad line of a bulk request, numbered from 1 (for a JSON array: the element, numbered from 1). */
    record LineError(int line, String reason) {}

    /**
     * An event of a bulk request and the line (or array element) it came from, numbered from 1; {@code json} is the
     * line's own bytes, which need not be written again (null for an array element).
     */
    record Line(int line, ObjectNode event, byte[] json) {}

    /** The events of a bulk request and the lines that were refused. */
    record Bulk(List<Line> events, List<LineError> errors) {}

    private EventBodies() {}

    /** The body of {@code /events}, {@code /cef}, {@code /custom/...}: exactly one JSON object. */
    static ObjectNode single(byte[] body) throws Rejection {
        if (isBlank(body, 0, body.length)) {
            throw Rejection.badRequest("empty_body", "the request body is empty; send one JSON object");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JacksonException e) {
            throw Rejection.badRequest("bad_json", "the request body is not JSON: " + shortMessage(e));
        } catch (java.io.IOException e) {
            throw Rejection.badRequest("bad_json", "the request body could not be read as JSON");
        }
        if (!(node instanceof ObjectNode event)) {
            throw Rejection.badRequest("not_object", "the request body is JSON but not an object: " + node.getNodeType());
        }
        return event;
    }

    /**
     * The body of {@code /_bulk}: a JSON array of objects, or newline-delimited JSON (Elasticsearch's bulk
     * format). Objects with an {@code index} key are bulk action lines and are skipped, as MozDef does.
     */
    static Bulk bulk(byte[] body) throws Rejection {
        if (isBlank(body, 0, body.length)) {
            throw Rejection.badRequest("empty_body", "the request body is empty; send a JSON array or NDJSON lines");
        }
        List<Line> events = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        int first = firstNonBlank(body);
        if (body[first] == '[') {
            ArrayNode array = wholeArray(body);
            if (array != null) {
                for (int i = 0; i < array.size(); i++) {
                    take(array.get(i), i + 1, null, events, errors);
                }
                return new Bulk(events, errors);
            }
        }
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            if (!isBlank(body, start, end)) {
                try {
                    JsonNode node = READER.readTree(body, start, end - start);
                    take(node, line, node instanceof ObjectNode ? Arrays.copyOfRange(body, start, end) : null, events, errors);
                } catch (JacksonException e) {
                    errors.add(new LineError(line, "not JSON: " + shortMessage(e)));
                } catch (java.io.IOException e) {
                    errors.add(new LineError(line, "could not be read as JSON"));
                }
            }
            start = end + 1;
        }
        return new Bulk(events, errors);
    }

    /** The body as one JSON array, or null when it is not one (then it is read as lines: "[...]\n[...]"). */
    private static ArrayNode wholeArray(byte[] body) {
        try {
            return READER.readTree(body) instanceof ArrayNode array ? array : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void take(JsonNode node, int line, byte[] json, List<Line> events, List<LineError> errors) {
        if (node instanceof ObjectNode event) {
            if (!event.has("index")) {
                events.add(new Line(line, event, json));
            }
        } else {
            errors.add(new LineError(line, "not a JSON object: " + node.getNodeType()));
        }
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static int firstNonBlank(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i;
    }

    /** Jackson's message without the location dump, which would echo attacker input back at length. */
    private static String shortMessage(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed";
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
