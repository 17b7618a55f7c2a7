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

/** squidFixup reading access-log lines in MozDef's Squid log format. */
class SquidFixupTest {
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");
    private final SquidFixup plugin = new SquidFixup();

    @BeforeEach
    void configure() {
        plugin.configure(new PluginContext(() -> "mozdef1", null, null));
    }

    private static ObjectNode access(String line) {
        return Json.object().put("category", "proxy").put("customendpoint", true).put("source", "access")
                .put("HOST_FROM", "proxy1").put("MESSAGE", line);
    }

    @Test
    void parsesAServedRequest() {
        ObjectNode out = plugin.onMessage(access("1505701210.163 2500 10.0.0.1 51234 TCP_MISS/200 1234 GET "
                + "http://www.example.com/index.html - 93.184.216.34 80 text/html 321 HTTP/1.1"), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC))));

        assertThat(out.path("type").asText()).isEqualTo("squid");
        assertThat(out.path("category").asText()).isEqualTo("proxy");
        assertThat(out.path("hostname").asText()).isEqualTo("proxy1");
        assertThat(out.path("mozdefhostname").asText()).isEqualTo("mozdef1");
        assertThat(out.path("eventsource").asText()).isEqualTo("squid");
        // The log writes the end of the request; the event is when it started.
        assertThat(out.path("utctimestamp").asText()).isEqualTo("2017-09-18T02:20:07.663000+00:00");
        assertThat(out.path("receivedtimestamp").asText()).isEqualTo("2031-05-06T07:08:09.123456+00:00");
        ObjectNode d = (ObjectNode) out.get("details");
        assertThat(d.path("duration").asDouble()).isEqualTo(2.5);
        assertThat(d.path("sourceipaddress").asText()).isEqualTo("10.0.0.1");
        assertThat(d.path("sourceport").asInt()).isEqualTo(51234);
        assertThat(d.path("proxyaction").asText()).isEqualTo("TCP_MISS");
        assertThat(d.path("status").asText()).isEqualTo("200");
        assertThat(d.path("responsesize").asLong()).isEqualTo(1234);
        assertThat(d.path("requestsize").asLong()).isEqualTo(321);
        assertThat(d.path("method").asText()).isEqualTo("GET");
        assertThat(d.path("destination").asText()).isEqualTo("http://www.example.com/index.html");
        assertThat(d.path("host").asText()).isEqualTo("www.example.com");
        assertThat(d.path("destinationipaddress").asText()).isEqualTo("93.184.216.34");
        assertThat(d.path("destinationport").asInt()).isEqualTo(80);
        assertThat(d.path("mimetype").asText()).isEqualTo("text/html");
        assertThat(d.path("proto").asText()).isEqualTo("http");
    }

    @Test
    void aDeniedConnectTakesHostAndPortFromTheUrl() {
        ObjectNode d = (ObjectNode) plugin.onMessage(access("1505701210.163 0 10.0.0.1 51234 TCP_DENIED/403 3900 "
                + "CONNECT evil.example.org:8443 - - - text/html 120 HTTP/1.1"), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC)))).get("details");

        assertThat(d.path("destinationipaddress").asText()).isEqualTo("0.0.0.0");
        assertThat(d.path("host").asText()).isEqualTo("evil.example.org");
        assertThat(d.path("destinationport").asInt()).isEqualTo(8443);
        assertThat(d.path("proto").asText()).isEqualTo("ssl");
    }

    @Test
    void aLineThatDoesNotParseIsKeptNotDropped() {
        ObjectNode out = plugin.onMessage(access("garbage line"), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC))));

        assertThat(out).isNotNull();
        assertThat(out.path("details").path("message").asText()).isEqualTo("garbage line");
        assertThat(out.path("utctimestamp").asText()).isEqualTo("2031-05-06T07:08:09.123456+00:00");
    }

    @Test
    void otherEventsPassUntouched() {
        ObjectNode event = Json.object().put("category", "syslog").put("summary", "squid restarted");
        assertThat(plugin.onMessage(event.deepCopy(), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC))))).isEqualTo(event);
    }
}
