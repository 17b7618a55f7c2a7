package org.rampart.intake.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.rampart.event.Json;

/** Turns request bodies into events the way MozDef's loginput reads them, with bad input refused, not crashed on. */
final class EventBodies {
    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** The bulk actions that add a document; the action of a document no action line names. */
    private static final Set<String> ACTIONS = Set.of("index", "create");
    private static final String DEFAULT_ACTION = "index";

    /**
     * A document of a bulk request: the line (or array element) it came from, numbered from 1, the bulk action
     * that named it ({@code index} or {@code create}; {@code index} when none did), and either the event as its
     * line's own bytes ({@code json}, which need not be written again) or, for an array element, as a tree
     * ({@code event}); or the reason it was refused.
     */
    record Document(int line, String action, ObjectNode event, byte[] json, String error) {
        static Document refused(int line, String action, String error) {
            return new Document(line, action, null, null, error);
        }
    }

    /** The documents of a bulk request in the order sent, and how many action lines named them. */
    record Bulk(List<Document> documents, int actionLines) {}

    private EventBodies() {}

    /**
     * The body of {@code /events}, {@code /cef}, {@code /custom/...} (exactly one JSON object) as the bytes to journal,
     * without building its tree: checked as a bulk line is ({@link Line#read}, the tree reader's rules), then the body's
     * own bytes with {@code added}'s members spliced in before its closing brace. The worker reads them back with
     * {@link Json#MAPPER}, whose tree keeps a duplicate key at its first position with its last value: an
     * {@code endpoint} the body already has reads back as {@link EndpointMembers#addTo} would have left it. A body that
     * is not an object in plain UTF-8 (an array, a byte order mark, UTF-16 or UTF-32, which Jackson also reads) takes
     * the tree path: refused as it refuses it, or written anew.
     */
    static byte[] single(byte[] body, EndpointMembers added) throws Rejection {
        int open = firstNonBlank(body);
        int close = lastNonBlank(body, body.length);
        if (open >= close || body[open] != '{' || body[open + 1] == 0 || body[close] != '}') {
            ObjectNode event = single(body);
            added.addTo(event);
            return written(event);
        }
        try {
            // The whole body: Jackson refuses some bytes isBlank passes over (a vertical tab, say) before or after it.
            Line.read(body, 0, body.length);
        } catch (JacksonException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw unreadable();
        }
        boolean empty = lastNonBlank(body, close) == open;
        byte[] members = added.json();
        int length = close - open;
        byte[] json = new byte[length + (empty ? 0 : 1) + members.length + 1];
        System.arraycopy(body, open, json, 0, length);
        if (!empty) {
            json[length++] = ',';
        }
        System.arraycopy(members, 0, json, length, members.length);
        json[json.length - 1] = '}';
        return json;
    }

    /** The body of {@code /events}, {@code /cef}, {@code /custom/...} as a tree: exactly one JSON object. */
    static ObjectNode single(byte[] body) throws Rejection {
        if (isBlank(body, 0, body.length)) {
            throw Rejection.badRequest("empty_body", "the request body is empty; send one JSON object");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JacksonException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw unreadable();
        }
        if (!(node instanceof ObjectNode event)) {
            throw Rejection.badRequest("not_object", "the request body is JSON but not an object: " + node.getNodeType());
        }
        return event;
    }

    /** An event tree as the JSON to journal. */
    static byte[] written(ObjectNode event) throws Rejection {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw Rejection.badRequest("bad_json", "the event could not be written as JSON");
        }
    }

    private static Rejection notJson(JacksonException e) {
        return Rejection.badRequest("bad_json", "the request body is not JSON: " + shortMessage(e));
    }

    private static Rejection unreadable() {
        return Rejection.badRequest("bad_json", "the request body could not be read as JSON");
    }

    /**
     * The body of {@code /_bulk}: a JSON array of objects, or newline-delimited JSON (Elasticsearch's bulk format).
     * An object whose only key is {@code index} or {@code create}, with an object value, is an action line: it
     * names the next document's action and is not an event (its {@code _index} and {@code _id} are not used: the
     * event gets Rampart's id and the pipeline picks its index). Every other object is an event, even one with an
     * {@code index} key among others. More than {@code maxDocuments} documents: 413, so the shipper splits the batch
     * (a body of many tiny lines would otherwise hold many times its size in memory).
     */
    static Bulk bulk(byte[] body, int maxDocuments) throws Rejection {
        if (isBlank(body, 0, body.length)) {
            throw Rejection.badRequest("empty_body", "the request body is empty; send a JSON array or NDJSON lines");
        }
        BulkReader reader = new BulkReader(maxDocuments);
        int first = firstNonBlank(body);
        if (body[first] == '[') {
            ArrayNode array = wholeArray(body);
            if (array != null) {
                for (int i = 0; i < array.size(); i++) {
                    reader.take(array.get(i), i + 1);
                }
                return reader.bulk();
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
                    Line read = Line.read(body, start, end - start);
                    reader.take(read, line, read.isEvent() ? Arrays.copyOfRange(body, start, end) : null);
                } catch (JacksonException e) {
                    reader.refuse(line, "not JSON: " + shortMessage(e));
                } catch (java.io.IOException e) {
                    reader.refuse(line, "could not be read as JSON");
                }
            }
            start = end + 1;
        }
        return reader.bulk();
    }

    /** The body as one JSON array, or null when it is not one (then it is read as lines: "[...]\n[...]"). */
    private static ArrayNode wholeArray(byte[] body) {
        try {
            return READER.readTree(body) instanceof ArrayNode array ? array : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * One NDJSON line read through with the streaming parser, without building its tree: intake only needs to know
     * that the line is one JSON value the pipeline will read back ({@link Json#MAPPER}'s limits, every string decoded,
     * every float a readable number) and whether it is an action line. The worker builds the one tree, from the
     * journaled bytes.
     *
     * @param type   the line's JSON type
     * @param action the bulk action it names when it is an action line ({@link BulkReader#isAction}'s rule), else null
     */
    record Line(JsonNodeType type, String action) {
        static Line read(byte[] body, int start, int length) throws java.io.IOException {
            try (JsonParser parser = Json.MAPPER.getFactory().createParser(body, start, length)) {
                JsonToken first = parser.nextToken();
                Line line = first == JsonToken.START_OBJECT ? object(parser) : new Line(scalarOrArray(parser, first), null);
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
                }
                return line;
            }
        }

        boolean isEvent() {
            return type == JsonNodeType.OBJECT && action == null;
        }

        /** The members of an object; like the tree a duplicate key keeps its last value. */
        private static Line object(JsonParser parser) throws java.io.IOException {
            String firstName = null;
            boolean oneName = true;
            boolean lastIsObject = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (firstName == null) {
                    firstName = name;
                } else {
                    oneName &= name.equals(firstName);
                }
                JsonToken value = parser.nextToken();
                lastIsObject = value == JsonToken.START_OBJECT;
                skipValue(parser, value);
            }
            boolean action = firstName != null && oneName && lastIsObject && ACTIONS.contains(firstName);
            return new Line(JsonNodeType.OBJECT, action ? firstName : null);
        }

        private static JsonNodeType scalarOrArray(JsonParser parser, JsonToken first) throws java.io.IOException {
            skipValue(parser, first);
            return switch (first) {
                case START_ARRAY -> JsonNodeType.ARRAY;
                case VALUE_STRING -> JsonNodeType.STRING;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonNodeType.NUMBER;
                case VALUE_TRUE, VALUE_FALSE -> JsonNodeType.BOOLEAN;
                case VALUE_NULL -> JsonNodeType.NULL;
                default -> throw new JsonParseException(parser, "unexpected token " + first);
            };
        }

        /** Reads the value starting at {@code token} to its end, checking each scalar as the tree reader would. */
        private static void skipValue(JsonParser parser, JsonToken token) throws java.io.IOException {
            int depth = 0;
            do {
                if (token == null) {
                    throw new JsonParseException(parser, "unexpected end of input");
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    // Decodes the string into the parser's reused buffer: invalid UTF-8 fails here, not in the worker.
                    case VALUE_STRING -> parser.getTextCharacters();
                    case VALUE_NUMBER_FLOAT -> decimal(parser);
                    default -> { }
                }
                if (depth == 0) {
                    return;
                }
                token = parser.nextToken();
            } while (true);
        }

        /** The tree reads floats as BigDecimal; one whose exponent does not fit is refused as Json refuses it. */
        private static void decimal(JsonParser parser) throws java.io.IOException {
            try {
                parser.getDecimalValue();
            } catch (NumberFormatException e) {
                throw new JsonParseException(parser, "a number that cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /** Bulk lines in order: an action line sets the action of the document after it. */
    private static final class BulkReader {
        private final int maxDocuments;
        private final List<Document> documents = new ArrayList<>();
        private String pendingAction;
        private int actionLines;

        BulkReader(int maxDocuments) {
            this.maxDocuments = maxDocuments;
        }

        /** An element of a JSON array body: an action object, or an event kept as the tree it is. */
        void take(JsonNode node, int line) throws Rejection {
            if (node instanceof ObjectNode object && isAction(object)) {
                action(object.fieldNames().next());
            } else if (node instanceof ObjectNode event) {
                add(new Document(line, nextAction(), event, null, null));
            } else {
                notAnObject(line, node.getNodeType());
            }
        }

        /** An NDJSON line: an action line, or an event kept as the line's bytes. */
        void take(Line read, int line, byte[] json) throws Rejection {
            if (read.action() != null) {
                action(read.action());
            } else if (read.isEvent()) {
                add(new Document(line, nextAction(), null, json, null));
            } else {
                notAnObject(line, read.type());
            }
        }

        private void action(String name) {
            pendingAction = name;
            actionLines++;
        }

        private void notAnObject(int line, JsonNodeType type) throws Rejection {
            refuse(line, "not a JSON object: " + type);
        }

        void refuse(int line, String reason) throws Rejection {
            add(Document.refused(line, nextAction(), reason));
        }

        private void add(Document document) throws Rejection {
            if (documents.size() == maxDocuments) {
                throw new Rejection(413, "too_many_documents", "a bulk request may hold at most intake.max_bulk_documents ("
                        + maxDocuments + ") documents; split it");
            }
            documents.add(document);
        }

        Bulk bulk() {
            return new Bulk(documents, actionLines);
        }

        private String nextAction() {
            String action = pendingAction == null ? DEFAULT_ACTION : pendingAction;
            pendingAction = null;
            return action;
        }

        private static boolean isAction(ObjectNode object) {
            if (object.size() != 1) {
                return false;
            }
            String key = object.fieldNames().next();
            return ACTIONS.contains(key) && object.get(key).isObject();
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

    /** The last non-blank byte before {@code end}, or -1. */
    private static int lastNonBlank(byte[] body, int end) {
        int i = end - 1;
        while (i >= 0 && Character.isWhitespace(body[i])) {
            i--;
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
