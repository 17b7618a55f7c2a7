package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.web.lookup.IpLookup;

/** {@code /ipwhois} and {@code /ipdshieldquery} against a local HTTP server standing in for the lookup services. */
class IpLookupTest {
    /** The stand-in services listen on loopback, which Rampart refuses to reach unless allowed. */
    private static final OutboundTargets LOCAL = OutboundTargets.allowing(List.of("127.0.0.1"));
    @TempDir
    Path dir;

    private HttpServer upstream;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{\"ip\": {\"number\": \"8.8.8.0\", \"count\": 3}}";

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    private RestFixture server(boolean configured) {
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        return new RestFixture(dir, configured
                ? List.of(IpLookup.whois(base + "/rdap/ip/{ip}", LOCAL), IpLookup.dshield(base + "/api/ip/{ip}?json", LOCAL))
                : List.of());
    }

    private static HttpResponse<String> lookup(RestFixture rest, String endpoint, String body) throws Exception {
        return rest.send("POST", "/" + endpoint, body, rest.serviceToken());
    }

    @Test
    void withNoEndpointConfiguredBothAnswer503() throws Exception {
        try (RestFixture rest = server(false)) {
            for (String endpoint : List.of("ipwhois", "ipdshieldquery")) {
                HttpResponse<String> r = lookup(rest, endpoint, "{\"ipaddress\": \"8.8.8.8\"}");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("{\"error\":\"not configured\"}");
            }
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void theUpstreamJsonIsTheReplyForTheNetworksFirstAddress() throws Exception {
        try (RestFixture rest = server(true)) {
            HttpResponse<String> r = lookup(rest, "ipdshieldquery", "{\"ipaddress\": \"8.8.8.8/24\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(RestFixture.json(r).path("ip").path("count").asInt()).isEqualTo(3);
            assertThat(lookup(rest, "ipwhois", "{\"ipaddress\": \"1.2.3.4\"}").statusCode()).isEqualTo(200);
        }
        assertThat(asked).containsExactly("/api/ip/8.8.8.0?json", "/rdap/ip/1.2.3.4");
    }

    @Test
    void badInputIs400AndAFailedLookup502() throws Exception {
        try (RestFixture rest = server(true)) {
            for (String bad : List.of("", "[]", "{}", "{\"ipaddress\": \"::1\"}", "{\"ipaddress\": \"'1.2.3.4'\"}",
                    "{\"ipaddress\": \"1.2.3.4/33\"}", "{\"ipaddress\": 16909060}")) {
                assertThat(lookup(rest, "ipwhois", bad).statusCode()).as(bad).isEqualTo(400);
            }
            assertThat(asked).isEmpty();
            status = 404;
            HttpResponse<String> notFound = lookup(rest, "ipwhois", "{\"ipaddress\": \"1.2.3.4\"}");
            assertThat(notFound.statusCode()).isEqualTo(502);
            assertThat(RestFixture.json(notFound).path("error").asText()).contains("upstream status 404");
            status = 200;
            body = "<html>rate limited</html>";
            assertThat(lookup(rest, "ipdshieldquery", "{\"ipaddress\": \"1.2.3.4\"}").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void anEndpointOnAnInternalAddressIsRefusedUnlessAllowed() throws Exception {
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        try (RestFixture rest = new RestFixture(dir, List.of(IpLookup.whois(base + "/rdap/ip/{ip}", OutboundTargets.publicOnly())))) {
            HttpResponse<String> refused = lookup(rest, "ipwhois", "{\"ipaddress\": \"1.2.3.4\"}");

            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(RestFixture.json(refused).path("error").asText()).contains("outbound.allowed_networks");
            assertThat(asked).isEmpty();
        }
    }
}
