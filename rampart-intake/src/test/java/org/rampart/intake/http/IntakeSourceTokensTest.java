package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** intake.tokens: a secret per source, recorded on the event as intakesource; intake.token keeps working beside them. */
class IntakeSourceTokensTest {
    private static final IntakeSettings D = IntakeFixture.DEFAULTS;
    private static final IntakeSettings NAMED = new IntakeSettings(D.bind(), 0, D.maxBodySize(), D.maxEventSize(),
            D.maxBulkDocuments(), "shared-secret", D.maxUnconsumed(), D.maxInFlight(), D.maxInFlightPerClient(),
            D.minBodyRate(), D.retryAfter(), Map.of("cloudtrail", "ct-secret", "syslog", "sl-secret"), null);

    @TempDir
    Path dir;

    @Test
    void aNamedTokenAdmitsAndNamesTheSourceOnEveryEvent() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, NAMED)) {
            assertThat(intake.send("POST", "/events", "{\"summary\": \"a\"}", "Authorization", "Bearer ct-secret")
                    .statusCode()).isEqualTo(200);
            assertThat(intake.send("POST", "/_bulk", "{\"summary\": \"b\"}\n{\"summary\": \"c\"}\n",
                    "Authorization", "Bearer sl-secret").statusCode()).isEqualTo(200);

            List<JsonNode> events = intake.newEvents();
            assertThat(events).extracting(e -> e.path("intakesource").asText())
                    .containsExactly("cloudtrail", "syslog", "syslog");
        }
    }

    @Test
    void aSenderCannotClaimASourceItsTokenIsNot() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, NAMED)) {
            intake.send("POST", "/events", "{\"summary\": \"a\", \"intakesource\": \"cloudtrail\"}",
                    "Authorization", "Bearer sl-secret");
            intake.send("POST", "/_bulk", "{\"summary\": \"b\", \"@IntakeSource\": \"cloudtrail\"}\n",
                    "Authorization", "Bearer shared-secret");
            intake.send("POST", "/_bulk", "[{\"summary\": \"c\", \"intake\\u0073ource\": \"cloudtrail\"}]",
                    "Authorization", "Bearer shared-secret");

            List<JsonNode> events = intake.newEvents();
            assertThat(events.get(0).path("intakesource").asText()).isEqualTo("syslog");
            assertThat(events.get(1).has("@IntakeSource")).isFalse();
            assertThat(events.get(1).has("intakesource")).isFalse();
            assertThat(events.get(2).has("intakesource")).isFalse();
        }
    }

    @Test
    void theTokenMayComeAsBasicAuthPasswordOrElasticsearchApiKey() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, NAMED)) {
            assertThat(intake.send("POST", "/_bulk", "{\"summary\": \"beats\"}\n",
                    "Authorization", "Basic " + base64("beats:ct-secret")).statusCode()).isEqualTo(200);
            assertThat(intake.send("POST", "/_bulk", "{\"summary\": \"agent\"}\n",
                    "Authorization", "ApiKey " + base64("key-id:sl-secret")).statusCode()).isEqualTo(200);

            assertThat(intake.newEvents()).extracting(e -> e.path("intakesource").asText()).containsExactly("cloudtrail", "syslog");
        }
    }

    @Test
    void wrongMissingOrMalformedTokensAre401AndNothingIsJournaled() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, NAMED)) {
            for (String[] header : List.of(new String[] {}, new String[] {"Authorization", "Bearer ct-secreT"},
                    new String[] {"Authorization", "Bearer "}, new String[] {"Authorization", "Basic !!!"},
                    new String[] {"Authorization", "Basic " + base64("ct-secret")},
                    new String[] {"Authorization", "ct-secret"})) {
                HttpResponse<String> reply = intake.send("POST", "/events", "{\"summary\": \"x\"}", header);
                assertThat(reply.statusCode()).as(String.join(" ", header)).isEqualTo(401);
                assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
            assertThat(intake.newEvents()).isEmpty();
            assertThat(intake.server.metrics().rejected("unauthorized")).isEqualTo(6);
        }
    }

    @Test
    void theSharedTokenAloneStillWorksAndNamesNoSource() throws Exception {
        IntakeSettings shared = new IntakeSettings(D.bind(), 0, D.maxBodySize(), D.maxEventSize(), D.maxBulkDocuments(),
                "shared-secret", D.maxUnconsumed(), D.maxInFlight(), D.maxInFlightPerClient(), D.minBodyRate(), D.retryAfter());
        try (IntakeFixture intake = new IntakeFixture(dir, shared)) {
            assertThat(intake.send("POST", "/events", "{\"summary\": \"a\", \"intakesource\": \"kept\"}",
                    "Authorization", "Bearer shared-secret").statusCode()).isEqualTo(200);
            // Without named tokens the field means nothing to intake, and the bytes are journaled as sent.
            assertThat(intake.newEvents().getFirst().path("intakesource").asText()).isEqualTo("kept");
        }
    }

    @Test
    void badTokenConfigurationIsRefusedAtStart() {
        assertThatThrownBy(() -> new IntakeTokens(null, Map.of("cloud trail", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cloud trail'");
        assertThatThrownBy(() -> new IntakeTokens(null, Map.of("a", "same", "b", "same")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same secret");
        assertThatThrownBy(() -> new IntakeTokens(null, Map.of("a", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intake.tokens.a is empty");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
