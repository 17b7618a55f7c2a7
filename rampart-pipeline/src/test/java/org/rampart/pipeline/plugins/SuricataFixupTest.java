package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.PluginContext;

/**
 * suricataFixup's truncation of large alert payloads. The fixture's test_eve_log_alert_truncate case cannot run: its
 * recorded input message is the placeholder {@code ${VOLATILE}}, and its length checks are that placeholder's (11).
 */
class SuricataFixupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);
    private final SuricataFixup plugin = new SuricataFixup();

    @BeforeEach
    void configure() {
        plugin.configure(new PluginContext(() -> "h", null, null));
    }

    private static ObjectNode alert(ObjectNode record) {
        return Json.object().put("customendpoint", "").put("category", "suricata").put("source", "eve-log")
                .put("event_type", "alert").put("message", record.toString());
    }

    @Test
    void longPayloadsAndResponseBodiesAreCutTo4095Characters() {
        String big = "A".repeat(5000);
        ObjectNode record = Json.object().put("payload", big).put("payload_printable", big).put("packet", big);
        record.putObject("http").put("hostname", "such.a.host.com").put("http_response_body", big)
                .put("http_response_body_printable", big).put("protocol", "HTTP/1.2");
        record.putObject("flow").put("start", "2018-10-12T22:24:09.546736+0000");

        ObjectNode d = (ObjectNode) plugin.onMessage(alert(record), new EventMetadata(EventContext.at(CLOCK))).get("details");

        for (String field : new String[] {"payload", "payload_printable", "packet", "http_response_body",
                "http_response_body_printable"}) {
            assertThat(d.path(field).asText()).as(field).hasSize(SuricataFixup.MAX_PAYLOAD);
        }
        assertThat(d.path("host").asText()).isEqualTo("such.a.host.com");
        assertThat(d.path("http")).isEqualTo(Json.object().put("protocol", "HTTP/1.2"));
    }

    @Test
    void aFlowWithoutStartGivesNoTimestampsAsInMozDef() {
        ObjectNode record = Json.object();
        record.putObject("flow").put("pkts_toserver", 3);

        ObjectNode out = plugin.onMessage(alert(record), new EventMetadata(EventContext.at(CLOCK)));

        assertThat(out.has("utctimestamp")).isFalse();
        assertThat(out.path("details").path("orig_pkts").asInt()).isEqualTo(3);
        assertThat(out.path("receivedtimestamp").asText()).isEqualTo("2031-05-06T07:08:09.123456+00:00");
    }
}
