package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

    /** The tree the worker builds from what the single path journals, and its text (which shows the keys' order). */
    private static String workerTree(byte[] journaled) throws Exception {
        return Json.MAPPER.readTree(journaled).toString();
    }

    /** What the single path journaled through the event's tree, before it journaled the body's own bytes. */
    private static byte[] throughTheTree(byte[] body, EndpointMembers added) throws Rejection {
        ObjectNode event = EventBodies.single(body);
        added.addTo(event);
        return EventBodies.written(event);
    }

    @Test
    void aSingleEventIsJournaledAsItsOwnBytesWithTheEndpointSplicedInBeforeTheClosingBrace() throws Rejection {
        assertThat(new String(EventBodies.single(utf8(" {\"summary\": \"é\"}\r\n"), EndpointMembers.EVENTS), StandardCharsets.UTF_8))
                .isEqualTo("{\"summary\": \"é\",\"endpoint\":\"events\"}");
        assertThat(new String(EventBodies.single(utf8("{ \n }"), EndpointMembers.custom("app\"1")), StandardCharsets.UTF_8))
                .isEqualTo("{ \n \"endpoint\":\"app\\\"1\",\"customendpoint\":true}");
    }

    @Test
    void theWorkerReadsTheSplicedBytesAsTheTreeTheTreePathJournaled() throws Exception {
        List<String> bodies = List.of(
                "{\"summary\": \"plain\", \"severity\": \"INFO\"}",
                "{\"endpoint\": \"mine\", \"summary\": \"x\"}",
                "{\"summary\": \"x\", \"endpoint\": 1, \"details\": {}, \"endpoint\": [2]}",
                "{\"customendpoint\": false, \"endpoint\": {\"a\": 1}, \"z\": 0}",
                "{}",
                "\n\t {\"a\": 1} \r\n\n",
                "{\n  \"a\": {\n    \"b\": [1, 2.50, -3e5, null, true]\n  }\n}\n",
                "{\"summary\": \"é ☃ 😀 \\u00e9 \\ud83d\\ude00 \\n\\\"\", \"ключ\": \"值\"}",
                "{\"a\": {\"b\": {\"c\": [{\"d\": {\"endpoint\": \"inner\"}}]}}, \"n\": 1.0, \"big\": 12345678901234567890}");
        for (EndpointMembers added : List.of(EndpointMembers.EVENTS, EndpointMembers.CEF, EndpointMembers.custom("my-app"))) {
            for (String body : bodies) {
                assertThat(workerTree(EventBodies.single(utf8(body), added))).as(body)
                        .isEqualTo(workerTree(throughTheTree(utf8(body), added)));
            }
        }
    }

    @Test
    void aBodyNotInPlainUtf8IsWrittenAnewFromItsTree() throws Exception {
        String event = "{\"summary\": \"é\"}";
        byte[] bom = ("\uFEFF" + event).getBytes(StandardCharsets.UTF_8);
        for (byte[] body : List.of(bom, event.getBytes(StandardCharsets.UTF_16LE), event.getBytes(StandardCharsets.UTF_16BE))) {
            byte[] journaled = EventBodies.single(body, EndpointMembers.EVENTS);
            assertThat(new String(journaled, StandardCharsets.UTF_8)).isEqualTo("{\"summary\":\"é\",\"endpoint\":\"events\"}");
            assertThat(journaled).isEqualTo(throughTheTree(body, EndpointMembers.EVENTS));
        }
    }

    @Test
    void everyBodyTheTreePathRefusedIsRefusedAlikeWithoutTheTree() {
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        List<byte[]> bodies = List.of(utf8(""), utf8(" \n "), badUtf8,
                utf8("[{\"a\": 1}]"), utf8("\"text\""), utf8("17"), utf8("null"),
                utf8("{\"a\": 1} x"), utf8("{\"a\": 1}{}"), utf8("{\"a\": 1},"), utf8("{\"a\": [1, 2}"), utf8("{\"a\": 1"),
                utf8("{\"a\": 1}\u0000"), utf8("{\"a\": 1}\u000b"), utf8("{\"a\": 1} // comment"), utf8("{'a': 1}"),
                utf8("{\"a\": 1e1111111111111}"), utf8("{\"a\": NaN}"),
                utf8("{\"a\": \"" + "x".repeat((1 << 20) + 1) + "\"}"),
                utf8("{\"a\": " + "[".repeat(64) + "]".repeat(64) + "}"));
        for (byte[] body : bodies) {
            String shown = new String(body, 0, Math.min(body.length, 40), StandardCharsets.UTF_8);
            Rejection tree = catchThrowableOfType(Rejection.class, () -> EventBodies.single(body));
            Rejection bytes = catchThrowableOfType(Rejection.class, () -> EventBodies.single(body, EndpointMembers.EVENTS));
            assertThat(tree).as(shown).isNotNull();
            assertThat(bytes).as(shown).isNotNull();
            assertThat(bytes.status).as(shown).isEqualTo(tree.status);
            assertThat(bytes.metric).as(shown).isEqualTo(tree.metric);
        }
    }
}
