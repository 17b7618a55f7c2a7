package org.rampart.http.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rampart.event.ip.OutboundTargets;

/** A real local HTTP server stands for an internal service a webhook URL or a redirect points at. */
class OutboundHttpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private HttpServer internal;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startInternalService() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"secret\": \"metadata\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        internal.createContext("/redirect", exchange -> {
            // To another loopback address, one the allow-list below does not name.
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + port() + "/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        internal.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
    }

    @Test
    void refusesLoopbackByAddressAndByName() {
        OutboundHttp http = new OutboundHttp(OutboundTargets.publicOnly(), TIMEOUT, false);

        for (String host : List.of("127.0.0.1", "localhost")) {
            assertThatThrownBy(() -> http.exchange("POST", URI.create("http://" + host + ":" + port() + "/hook"),
                    "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"), TIMEOUT, 1024))
                    .isInstanceOf(IOException.class)
                    .hasRootCauseInstanceOf(OutboundTargets.RefusedTargetException.class)
                    .hasMessageContaining("outbound.allowed_networks");
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void refusesTheMetadataServiceAndPrivateNetworks() {
        OutboundHttp http = new OutboundHttp(OutboundTargets.publicOnly(), Duration.ofSeconds(2), false);

        for (String host : List.of("169.254.169.254", "10.0.0.1", "192.168.1.1", "[::1]", "[fd00:ec2::254]", "0.0.0.0")) {
            assertThatThrownBy(() -> http.exchange("GET", URI.create("http://" + host + "/latest/meta-data/"), null,
                    Map.of(), Duration.ofSeconds(5), 1024))
                    .as(host).hasRootCauseInstanceOf(OutboundTargets.RefusedTargetException.class);
        }
    }

    @Test
    void reachesAnAllowListedAddress() throws Exception {
        OutboundHttp http = new OutboundHttp(OutboundTargets.allowing(List.of("127.0.0.1/32")), TIMEOUT, false);

        OutboundHttp.Reply reply = http.exchange("GET", URI.create("http://127.0.0.1:" + port() + "/"), null, Map.of(),
                TIMEOUT, 1024);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("metadata");
        assertThat(hits).hasValue(1);
    }

    @Test
    void aRedirectToARefusedAddressIsNotFollowed() {
        OutboundHttp http = new OutboundHttp(OutboundTargets.allowing(List.of("127.0.0.1/32")), TIMEOUT, true);

        assertThatThrownBy(() -> http.exchange("GET", URI.create("http://127.0.0.1:" + port() + "/redirect"), null,
                Map.of(), TIMEOUT, 1024))
                .hasRootCauseInstanceOf(OutboundTargets.RefusedTargetException.class)
                .hasMessageContaining("127.0.0.2");
        assertThat(hits).hasValue(0);
    }

    @Test
    void cutsAReplyAtTheBound() throws Exception {
        OutboundHttp http = new OutboundHttp(OutboundTargets.allowing(List.of("127.0.0.1")), TIMEOUT, false);

        OutboundHttp.Reply reply = http.exchange("GET", URI.create("http://127.0.0.1:" + port() + "/"), null, Map.of(),
                TIMEOUT, 5);

        assertThat(reply.truncated()).isTrue();
        assertThat(reply.body()).hasSize(5);
    }

    private int port() {
        return internal.getAddress().getPort();
    }
}
