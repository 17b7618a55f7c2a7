package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

/**
 * NDJSON lines are read with the streaming parser, not as trees: each line must be refused or taken exactly as the
 * tree reader ({@link Json#MAPPER}) would, since the worker reads the journaled line back with it.
 */
class EventBodiesTest {
    private static List<EventBodies.Document> lines(byte[]... lines) throws Rejection {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            body.writeBytes(line);
            body.write('\n');
        }
        return EventBodies.bulk(body.toByteArray(), 100).documents();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesTheTreeReaderRefusesAreRefusedAsNotJson() throws Rejection {
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        List<EventBodies.Document> docs = lines(badUtf8,
                utf8("{\"a\": 1e1111111111111}"),
                utf8("{\"a\": \"" + "x".repeat((1 << 20) + 1) + "\"}"),
                utf8("{\"a\": 1} {\"b\": 2}"),
                utf8("{\"a\": [1, 2}"),
                utf8("[".repeat(65) + "]".repeat(65)));
        assertThat(docs).hasSize(6).allSatisfy(d -> assertThat(d.error()).startsWith("not JSON"));
    }

    @Test
    void anEventLineIsJournaledAsItsOwnBytesWhichReadBackAsTheObject() throws Exception {
        String line = "{\"summary\": \"é\", \"n\": 1.50, \"big\": 1e999999999, \"a\": [null, true, {\"b\": \"c\"}]}";
        List<EventBodies.Document> docs = lines(utf8(line), utf8("\"text\""), utf8("17"));
        assertThat(new String(docs.get(0).json(), StandardCharsets.UTF_8)).isEqualTo(line);
        assertThat(Json.MAPPER.readTree(docs.get(0).json())).isInstanceOf(ObjectNode.class);
        assertThat(docs.get(1).error()).isEqualTo("not a JSON object: STRING");
        assertThat(docs.get(2).error()).isEqualTo("not a JSON object: NUMBER");
    }

    @Test
    void actionLinesAreToldFromEventsAsTheTreeWouldWithDuplicateKeysKeepingTheLast() throws Rejection {
        EventBodies.Bulk bulk = EventBodies.bulk(utf8("""
                {"create": {"_id": "1"}}
                {"summary": "one"}
                {"index": 1, "index": {}}
                {"summary": "two"}
                {"index": {}, "index": 1}
                {"index": {}, "create": {}}
                """), 100);
        assertThat(bulk.actionLines()).isEqualTo(2);
        assertThat(bulk.documents()).extracting(EventBodies.Document::action).containsExactly("create", "index", "index", "index");
        assertThat(bulk.documents()).extracting(d -> new String(d.json(), StandardCharsets.UTF_8)).containsExactly(
                "{\"summary\": \"one\"}", "{\"summary\": \"two\"}", "{\"index\": {}, \"index\": 1}", "{\"index\": {}, \"create\": {}}");
    }
}
