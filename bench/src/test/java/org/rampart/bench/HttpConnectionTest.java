package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw client against the JDK's real HTTP server. */
class HttpConnectionTest {
    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(201, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i < 3; i++) {
                exchange.getResponseBody().write(("part" + i).getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            }
            exchange.close();
        });
        server.createContext("/close", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/auth", exchange -> {
            byte[] auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, auth.length);
            exchange.getResponseBody().write(auth);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpConnection connection() {
        return new HttpConnection("127.0.0.1", server.getAddress().getPort());
    }

    @Test
    void keepsOneConnectionAliveAcrossRequests() throws Exception {
        try (HttpConnection connection = connection()) {
            for (int i = 0; i < 5; i++) {
                HttpConnection.Response response = connection.send("POST", "/echo", "application/json",
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                assertThat(response.status()).isEqualTo(201);
                assertThat(response.text()).isEqualTo("{\"n\":" + i + "}");
            }
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void readsChunkedReplies() throws Exception {
        try (HttpConnection connection = connection()) {
            assertThat(connection.send("POST", "/chunked", "text/plain", new byte[] {'x'}).text()).isEqualTo("part0part1part2");
            assertThat(connection.send("GET", "/chunked", null, null).text()).isEqualTo("part0part1part2");
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void reconnectsAfterTheServerClosesTheConnection() throws Exception {
        try (HttpConnection connection = connection()) {
            assertThat(connection.send("GET", "/close", null, null).status()).isEqualTo(503);
            assertThat(connection.send("GET", "/close", null, null).status()).isEqualTo(503);
        }
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void sendsFixedHeadersWithEveryRequest() throws Exception {
        try (HttpConnection connection = connection().withHeader("Authorization", "Bearer s3cret")) {
            assertThat(connection.send("GET", "/auth", null, null).text()).isEqualTo("Bearer s3cret");
            assertThat(connection.send("POST", "/auth", "application/json", new byte[] {'{', '}'}).text()).isEqualTo("Bearer s3cret");
        }
        assertThatThrownBy(() -> connection().withHeader("X", "a\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class);
    }
}
