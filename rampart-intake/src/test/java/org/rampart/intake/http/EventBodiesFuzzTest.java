package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.rampart.event.Json;

/**
 * The intake's body parsers take whatever a client sends to {@code /events}, {@code /cef}, {@code /custom/<app>}
 * (one JSON object; MozDef's {@code /cef} takes JSON too, there is no CEF text syntax to parse) and {@code /_bulk}
 * (a JSON array or NDJSON): an event or a {@link Rejection} with a 4xx status, never another exception. In the
 * package of the parsers, which are package-private; the other fuzz tests live in {@code fuzz} packages.
 */
class EventBodiesFuzzTest {
    private static final int MAX_DOCUMENTS = 50;

    @FuzzTest(maxDuration = "5m")
    void singleBodyIsAnObjectOrA400(byte[] body) throws IOException {
        ObjectNode event;
        try {
            event = EventBodies.single(body);
        } catch (Rejection r) {
            assertThat(r.status).isEqualTo(400);
            return;
        }
        // Journaled as text and read back, it writes the same text (an infinite float is written as "Infinity" by design)
        String journaled = Json.MAPPER.writeValueAsString(event);
        assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(journaled))).isEqualTo(journaled);
    }

    @FuzzTest(maxDuration = "5m")
    void singleBodyJournaledAsItsOwnBytesReadsBackAsItsTreeDid(byte[] body) throws IOException, Rejection {
        ObjectNode event;
        try {
            event = EventBodies.single(body);
        } catch (Rejection r) {
            Rejection spliced = catchThrowableOfType(Rejection.class, () -> EventBodies.single(body, EndpointMembers.EVENTS));
            assertThat(spliced).as("refused without the tree too").isNotNull();
            assertThat(spliced.metric).isEqualTo(r.metric);
            return;
        }
        EndpointMembers.EVENTS.addTo(event);
        String throughTheTree = Json.MAPPER.readTree(EventBodies.written(event)).toString();
        // The tree took it: the streaming check must too (a Rejection fails the test).
        byte[] spliced = EventBodies.single(body, EndpointMembers.EVENTS);
        // toString shows the keys' order; an infinite float reads back as the string "Infinity" either way
        assertThat(Json.MAPPER.readTree(spliced).toString()).isEqualTo(throughTheTree);
    }

    @FuzzTest(maxDuration = "5m")
    void bulkBodyIsDocumentsOrA4xx(byte[] body) throws IOException {
        EventBodies.Bulk bulk;
        try {
            bulk = EventBodies.bulk(body, MAX_DOCUMENTS);
        } catch (Rejection r) {
            assertThat(r.status).isIn(400, 413);
            return;
        }
        assertThat(bulk.documents()).hasSizeLessThanOrEqualTo(MAX_DOCUMENTS);
        int previousLine = 0;
        for (EventBodies.Document d : bulk.documents()) {
            assertThat(d.line()).as("numbered in the order sent").isGreaterThan(previousLine);
            previousLine = d.line();
            assertThat(d.action()).isIn("index", "create");
            int forms = (d.event() != null ? 1 : 0) + (d.json() != null ? 1 : 0) + (d.error() != null ? 1 : 0);
            assertThat(forms).as("an event as a tree, as its line's bytes, or refused: exactly one").isEqualTo(1);
            if (d.json() != null) {
                // the line's own bytes are journaled: the pipeline must read them back as the object intake saw
                assertThat(Json.MAPPER.readTree(d.json())).isInstanceOf(ObjectNode.class);
            }
        }
    }
}
