package org.rampart.alerts.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.alerts.testkit.AlertTestSuite.json;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.query.StoredDocument;
import org.rampart.alerts.testkit.AlertTestSuite;
import org.rampart.store.lucene.LuceneEventStore;

/** get_watchlist against a real HTTP server standing in for the REST API's /getwatchlist, or Rampart's own state. */
class AlertWatchListTest {
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String reply = "[\"evilterm\", \"summary:(unbalanced\", \"evil*\"]";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/getwatchlist", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            // MozDef's /getwatchlist answers an array of strings (rest-catalog.md); the bad query and the repeated
            // match must not give more alerts.
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AlertTestSuite suite(String useAuth) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/getwatchlist";
        return AlertTestSuite.of(AlertWatchList::new, LuceneEventStore::open)
                .iniConfig("get_watchlist.conf", Map.of("api_url", url, "jwt_secret", "s3cret", "use_auth", useAuth))
                .defaultAlert(json("""
                        {"category": "watchlist", "severity": "WARNING", "tags": ["watchtarget"],
                         "summary": "Watchlist term evilterm detected by alice from 1.2.3.4 on exhostname"}"""));
    }

    @Test
    void alertsOnEventsMatchingAWatchedTerm() {
        suite("false")
                .positive("a user and an address", List.of(json("{\"summary\": \"connect to evilterm\", \"details\": {\"username\": \"alice\"}}")), json("{}"))
                .positive("no user leaves a double space", List.of(json("{\"summary\": \"connect to evilterm\"}")),
                        json("{\"summary\": \"Watchlist term evilterm detected  from 1.2.3.4 on exhostname\"}"))
                .positive("a present but empty user wins", List.of(json(
                        "{\"summary\": \"connect to evilterm\", \"details\": {\"username\": \"\", \"user\": \"bob\"}}")),
                        json("{\"summary\": \"Watchlist term evilterm detected by  from 1.2.3.4 on exhostname\"}"))
                .negative("no watched term", List.of(json("{\"summary\": \"connect to goodterm\"}")))
                .verify();
        assertThat(authorizations).isNotEmpty().allMatch("null"::equals);
    }

    @Test
    void aReplyThatIsNotAListOfStringsGivesNoTerms() {
        reply = "[{\"watchcontent\": \"evilterm\"}]";
        suite("false")
                .negative("objects are not MozDef's shape", List.of(json("{\"summary\": \"connect to evilterm\"}")))
                .verify();
        reply = "{\"evilterm\": 1}";
        suite("false")
                .negative("nor is an object", List.of(json("{\"summary\": \"connect to evilterm\"}")))
                .verify();
    }

    @Test
    void sendsASignedBearerTokenUnlessAuthIsOff() throws Exception {
        suite("true")
                .positive("original user", List.of(json("{\"summary\": \"evilterm\", \"details\": {\"originaluser\": \"alice\"}}")), json("{}"))
                .verify();
        String token = authorizations.get(0).substring("Bearer ".length());
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parts[2]).isEqualTo(expected);
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void withNoApiUrlTheTermsComeFromRampartsOwnWatchlist(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Files.writeString(configDir.resolve("get_watchlist.conf"), "[options]\napi_url =\nuse_auth = false\n");
        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), clock)) {
            store.saveEvent("events", "e1", json("""
                    {"summary": "connect to stateterm", "hostname": "h1", "details": {"username": "alice"},
                     "utctimestamp": "2026-11-23T09:55:00+00:00"}"""));
            store.saveEvent("events", "e2", json("""
                    {"summary": "connect to evilterm", "hostname": "h1", "details": {"username": "bob"},
                     "utctimestamp": "2026-11-23T09:55:00+00:00"}"""));
            store.refresh();
            AlertEnvironment environment = AlertEnvironment.builder(store, clock)
                    .config(new AlertConfig(configDir, key -> null)).reverseDns(ip -> null)
                    .watchlist(() -> List.of("stateterm")).build();
            List<StoredDocument> alerts = new AlertWatchList().run(environment);
            assertThat(alerts).extracting(a -> a.source().path("summary").asText())
                    .containsExactly("Watchlist term stateterm detected by alice  on h1");
        }
        assertThat(authorizations).as("the REST API is not asked").isEmpty();
    }
}
