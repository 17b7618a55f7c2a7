package org.rampart.intake.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;

/**
 * Elasticsearch's {@code _bulk} response: {@code took}, {@code errors} and one item per document in the order sent,
 * so a shipper's Elasticsearch output can tell which documents to resend; plus {@code action_lines}, the lines read
 * as bulk actions rather than events (Elasticsearch clients ignore the extra key). Written as a stream: a bulk of many small
 * lines must not become a reply tree many times its size in memory.
 */
final class BulkReply {
    /** Where accepted events can be searched; the pipeline stores each in the daily index behind this alias. */
    static final String INDEX = "events";

    /** One document's outcome: the intake id it was journaled under, or why it was refused. */
    private record Item(String action, String id, String error) {}

    private final List<Item> items;
    private int refused;

    BulkReply(int documents) {
        items = new ArrayList<>(documents);
    }

    void created(String action, String id) {
        items.add(new Item(action, id, null));
    }

    void refused(String action, int line, String reason) {
        items.add(new Item(action, null, "line " + line + ": " + reason));
        refused++;
    }

    int refusedCount() {
        return refused;
    }

    int createdCount() {
        return items.size() - refused;
    }

    void write(OutputStream out, long tookMillis, int actionLines) throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("took", tookMillis);
            json.writeBooleanField("errors", refused > 0);
            json.writeNumberField("action_lines", actionLines);
            json.writeArrayFieldStart("items");
            for (Item item : items) {
                json.writeStartObject();
                json.writeObjectFieldStart(item.action());
                json.writeStringField("_index", INDEX);
                if (item.error() == null) {
                    json.writeStringField("_id", item.id());
                    json.writeNumberField("_version", 1);
                    json.writeStringField("result", "created");
                    json.writeNumberField("status", 201);
                } else {
                    json.writeNumberField("status", 400);
                    json.writeObjectFieldStart("error");
                    json.writeStringField("type", "illegal_argument_exception");
                    json.writeStringField("reason", item.error());
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
