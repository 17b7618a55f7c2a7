package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.http.testing.SelfSignedCertificate;
import org.rampart.http.tls.TlsFiles;

/** intake.tls.cert/key: the intake speaks HTTPS only, and events still arrive. (Reload: TlsListenerTest.) */
class IntakeTlsTest {
    @TempDir
    Path dir;

    @Test
    void takesEventsOverHttpsAndNotOverPlainHttp() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "intake");
        IntakeSettings d = IntakeFixture.DEFAULTS;
        IntakeSettings tls = new IntakeSettings(d.bind(), 0, d.maxBodySize(), d.maxEventSize(), d.maxBulkDocuments(), null,
                d.maxUnconsumed(), d.maxInFlight(), d.maxInFlightPerClient(), d.minBodyRate(), d.retryAfter(), Map.of(),
                new TlsFiles(certificate.cert(), certificate.key(), Duration.ofSeconds(10)));
        try (IntakeFixture intake = new IntakeFixture(dir, tls);
             HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCertificate.trusting(certificate)).build()) {
            HttpResponse<String> reply = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + intake.server.port() + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"summary\": \"over tls\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(intake.newEvents()).extracting(e -> e.path("summary").asText()).containsExactly("over tls");
            assertThatThrownBy(() -> intake.send("POST", "/events", "{\"summary\": \"plain\"}")).isInstanceOf(IOException.class);
            assertThat(intake.newEvents()).isEmpty();
        }
    }
}
