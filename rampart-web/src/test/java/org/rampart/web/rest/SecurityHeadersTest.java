package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.http.headers.SecurityHeaders;
import org.rampart.http.testing.SelfSignedCertificate;
import org.rampart.http.tls.TlsFiles;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.state.StateDatabase;

/**
 * Every reply of the REST listener, whatever its route and status, carries the browser security headers: the walk
 * covers every route the server reports, logged out (401s) and as an admin (2xx, 4xx), plus an unknown path, an
 * unknown method and a body over the limit. Over TLS: HSTS too, and a Secure session cookie without configuration.
 */
class SecurityHeadersTest {
    @TempDir
    Path dir;

    @Test
    void everyRouteAndEveryErrorCarriesTheHeaders() throws Exception {
        try (RestFixture rest = new RestFixture(dir)) {
            rest.addAccount("adam", Role.ADMIN);
            List<String> missing = new ArrayList<>();
            for (Route route : rest.server.routes()) {
                String path = route.path().replaceAll("\\{[^}]+}", "1");
                String body = route.method().equals("GET") ? null : "{}";
                check(missing, route.method() + " " + path + " logged out", rest.send(route.method(), path, body));
                RestFixture.Session admin = rest.login("adam");
                check(missing, route.method() + " " + path + " as admin",
                        rest.send(route.method(), path, body, admin.with("Content-Type", "application/json")));
            }
            check(missing, "unknown path", rest.send("GET", "/no/such/route", null));
            check(missing, "unknown method", rest.send("PATCH", "/status", "{}"));
            check(missing, "body too large", rest.send("POST", "/login", "x".repeat(2 << 20), "Content-Type", "application/json"));
            assertThat(missing).isEmpty();
            assertThat(rest.send("GET", "/status", null).headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void overTlsRepliesCarryHstsAndTheSessionCookieIsSecure() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "rest");
        Clock clock = Clock.systemUTC();
        try (LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), clock);
             StateDatabase state = StateDatabase.openEmbedded(DataLayout.under(dir).state());
             RestServer server = RestServer.start(new RestServer.Settings("127.0.0.1", 0, store, state,
                     ApiToken.loadOrCreate(DataLayout.under(dir).apiToken()), clock,
                     new RestServer.Security(new Sessions.Timeouts(Duration.ofMinutes(30), Duration.ofHours(12)),
                             new LoginThrottle.Limits(5, 20, Duration.ofMinutes(15)), false),
                     new TlsFiles(certificate.cert(), certificate.key(), Duration.ofSeconds(10))));
             HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCertificate.trusting(certificate)).build()) {
            new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock).add("tess", Role.VIEWER, "tess-password-1234".toCharArray(), "test");

            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"tess\", \"password\": \"tess-password-1234\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
            assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(login.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.API_POLICY);
        }
    }

    private static void check(List<String> missing, String what, HttpResponse<String> reply) {
        Map<String, String> expected = Map.of("Content-Security-Policy", SecurityHeaders.API_POLICY,
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer", "X-Frame-Options", "DENY");
        expected.forEach((header, value) -> {
            if (!reply.headers().firstValue(header).equals(Optional.of(value))) {
                missing.add(what + " (" + reply.statusCode() + "): " + header + " = " + reply.headers().firstValue(header));
            }
        });
    }
}
