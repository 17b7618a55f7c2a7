package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
    void parsesAServedRequestByMozDefsTokenPositions() {
        ObjectNode out = plugin.onMessage(access("1505701210.163   2500 10.0.0.1 51234 93.184.216.34 80 TCP_MISS 200 "
                + "321 1234 GET http://www.example.com/index.html HTTP/1.1 www.example.com text/html"),
                new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC))));

        assertThat(out.path("type").asText()).isEqualTo("squid");
        assertThat(out.path("category").asText()).isEqualTo("proxy");
        assertThat(out.path("hostname").asText()).isEqualTo("proxy1");
        assertThat(out.path("mozdefhostname").asText()).isEqualTo("mozdef1");
        assertThat(out.path("eventsource").asText()).isEqualTo("squid");
        assertThat(out.path("severity").asText()).isEqualTo("INFO");
        assertThat(out.path("summary").asText()).startsWith("1505701210.163");
        // The log writes the end of the request; the event is when it started.
        assertThat(out.path("utctimestamp").asText()).isEqualTo("2017-09-18T02:20:07.663000+00:00");
        assertThat(out.path("receivedtimestamp").asText()).isEqualTo("2031-05-06T07:08:09.123456+00:00");
        // Compared as text: the sizes are longs, the parsed expectation has ints.
        assertThat(out.get("details").toString()).isEqualTo(PluginTesting.json("""
                {"duration": 2.5, "sourceipaddress": "10.0.0.1", "sourceport": 51234,
                 "destinationipaddress": "93.184.216.34", "proxyaction": "TCP_MISS", "status": "200",
                 "requestsize": 321, "responsesize": 1234, "method": "GET",
                 "destination": "http://www.example.com/index.html", "proto": "HTTP/1.1", "mimetype": "text/html",
                 "destinationport": 80, "host": "www.example.com"}""").toString());
    }

    @Test
    void aTunnelWithoutProtocolIsSslAndUnknownServerFieldsAreZeroes() {
        ObjectNode d = (ObjectNode) plugin.onMessage(access("1505701210.163 12 10.0.0.1 - - - TCP_TUNNEL 200 "
                + "500 7000 CONNECT www.example.org:443 - www.example.org -"), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC)))).get("details");

        assertThat(d.path("sourceport").intValue()).isZero();
        assertThat(d.path("destinationipaddress").asText()).isEqualTo("0.0.0.0");
        assertThat(d.path("destinationport").intValue()).isZero();
        assertThat(d.path("host").asText()).isEqualTo("www.example.org");
        assertThat(d.path("proto").asText()).isEqualTo("ssl");
        assertThat(d.path("mimetype").asText()).isEqualTo("-");
    }

    @Test
    void aDeniedRequestTakesHostAndPortFromTheUrl() {
        assertThat(denied("CONNECT evil.example.org:8443")).containsExactly("evil.example.org", 8443);
        assertThat(denied("GET http://www.Example.com/path")).containsExactly("www.example.com", 80);
        assertThat(denied("GET http://www.example.com:8080/x/y")).containsExactly("www.example.com", 8080);
        // MozDef writes "https" as the host here; Rampart takes it from the URL.
        assertThat(denied("GET https://www.example.com/login")).containsExactly("www.example.com", 443);
    }

    private List<Object> denied(String methodAndUrl) {
        ObjectNode d = (ObjectNode) plugin.onMessage(access("1505701210.163 0 10.0.0.1 51234 - - TCP_DENIED 403 "
                + "120 3900 " + methodAndUrl + " - - text/html"), new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC)))).get("details");
        return List.of(d.path("host").asText(), d.path("destinationport").intValue());
    }

    @Test
    void otherSourcesKeepOnlyTheHeaderFields() {
        ObjectNode event = access("cache.log line");
        event.put("source", "cache");
        ObjectNode out = plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.fixed(NOW, ZoneOffset.UTC))));
        assertThat(out.get("summary").asText()).isEqualTo("cache.log line");
        assertThat(out.get("source").asText()).isEqualTo("cache");
        assertThat(out.has("utctimestamp")).isFalse();
        assertThat(out.get("details")).isEqualTo(Json.object());
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
