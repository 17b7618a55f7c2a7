package org.rampart.alerts.actions;

import org.rampart.event.ip.OutboundTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.extension.Registration;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;

class AlertActionsTest {
    /** The tests\' stand-in services listen on loopback, which actions reach only when allowed. */
    static final OutboundTargets LOCAL = OutboundTargets.allowing(List.of("127.0.0.1", "::1"));


    @TempDir
    Path dataDir;

    private static final AlertActions.Options FAST = new AlertActions.Options(100, 2, 3, Duration.ofMillis(20));

    private Path deadLetters() {
        return dataDir.resolve("alerts/dead-letters.ndjson");
    }

    private List<JsonNode> deadLetterLines() throws Exception {
        if (!Files.exists(deadLetters())) {
            return List.of();
        }
        return Files.readAllLines(deadLetters()).stream().map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void retriesAFailingWebhookWithBackoffUntilItIsDelivered() throws Exception {
        try (RecordingServer server = new RecordingServer(500, 503, 200);
                AlertActions actions = new AlertActions(List.of(new WebhookAction.Provider().create(
                        Json.object().put("url", server.uri("/hook").toString()), LOCAL)), FAST, deadLetters(), Clock.systemUTC())) {
            assertThat(actions.submit(Messages.alert("AlertBruteforceSsh", "WARNING", "10 failures"))).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> actions.stats().delivered() == 1);
            assertThat(server.requests).hasSize(3);
            assertThat(server.requests.get(2).body().path("_source").path("summary").asText()).isEqualTo("10 failures");
            assertThat(actions.stats().retried()).isEqualTo(2);
            assertThat(actions.stats().queued()).isZero();
            assertThat(deadLetterLines()).isEmpty();
        }
    }

    @Test
    void deadLettersADeliveryAfterMaxAttempts() throws Exception {
        try (RecordingServer server = new RecordingServer(500, 500, 500, 500);
                AlertActions actions = new AlertActions(List.of(new WebhookAction.Provider().create(
                        Json.object().put("url", server.uri("/hook").toString()), LOCAL)), FAST, deadLetters(), Clock.systemUTC())) {
            actions.submit(Messages.alert("AlertBruteforceSsh", "WARNING", "lost?"));

            await().atMost(Duration.ofSeconds(10)).until(() -> actions.stats().deadLettered() == 1);
            assertThat(server.requests).hasSize(3);
            List<JsonNode> lines = deadLetterLines();
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst().path("attempts").asInt()).isEqualTo(3);
            assertThat(lines.getFirst().path("error").asText()).contains("500");
            assertThat(lines.getFirst().path("message").path("_source").path("summary").asText()).isEqualTo("lost?");
        }
    }

    @Test
    void submitNeverBlocksAndDeadLettersWhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AlertAction stuck = new AlertAction() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public Registration registration() {
                return Registration.ALL;
            }

            @Override
            public void deliver(com.fasterxml.jackson.databind.node.ObjectNode message) throws Exception {
                release.await();
            }
        };
        AlertActions actions = new AlertActions(List.of(stuck), new AlertActions.Options(2, 1, 1, Duration.ZERO),
                deadLetters(), Clock.systemUTC());
        try {
            for (int i = 0; i < 5; i++) {
                actions.submit(Messages.alert("A", "WARNING", "n" + i));
            }
            assertThat(actions.stats().deadLettered()).isEqualTo(3);
            assertThat(deadLetterLines()).extracting(l -> l.path("error").asText()).allMatch(e -> e.contains("queue full"));
        } finally {
            release.countDown();
            actions.close();
        }
    }

    @Test
    void closeDeadLettersWhatIsStillWaitingForARetry() throws Exception {
        try (RecordingServer server = new RecordingServer(500)) {
            AlertActions actions = new AlertActions(List.of(new WebhookAction.Provider().create(
                    Json.object().put("url", server.uri("/hook").toString()), LOCAL)),
                    new AlertActions.Options(10, 1, 5, Duration.ofMinutes(1)), deadLetters(), Clock.systemUTC());
            actions.submit(Messages.alert("A", "WARNING", "pending"));
            await().atMost(Duration.ofSeconds(10)).until(() -> actions.stats().retried() == 1);
            actions.close();
            assertThat(deadLetterLines()).singleElement()
                    .satisfies(l -> assertThat(l.path("error").asText()).contains("shutdown"));
        }
    }

    @Test
    void onlyActionsWhoseRegistrationMatchesGetTheAlert() throws Exception {
        try (RecordingServer server = new RecordingServer();
                AlertActions actions = new AlertActions(AlertActions.fromConfig(Extensions.bundled(), Json.MAPPER.readTree("""
                        [{"type": "webhook", "url": "%s", "registration": ["alertbruteforcessh"]},
                         {"type": "webhook", "url": "%s", "registration": "geomodel"}]
                        """.formatted(server.uri("/ssh"), server.uri("/geo"))), LOCAL), FAST, deadLetters(), Clock.systemUTC())) {
            assertThat(actions.submit(Messages.alert("AlertBruteforceSsh", "WARNING", "x"))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> actions.stats().delivered() == 1);
            assertThat(server.requests).extracting(RecordingServer.Request::path).containsExactly("/ssh");
        }
    }

    @Test
    void configNamesEveryBundledTypeAndRejectsUnknownOnes() throws Exception {
        List<AlertAction> all = AlertActions.fromConfig(Extensions.bundled(), Json.MAPPER.readTree("""
                [{"type": "webhook", "url": "http://127.0.0.1:1/"},
                 {"type": "slack", "url": "https://hooks.example.org/x"},
                 {"type": "email", "host": "127.0.0.1", "from": "a@example.org", "to": "b@example.org"},
                 {"type": "amqp"},
                 {"type": "block_ip", "alert_names": "alertbruteforcessh", "restapi_url": "http://127.0.0.1:1"},
                 {"type": "pagerduty", "web_url": "https://siem", "integrations": [{"service_key": "k", "tag": "t"}]}]
                """), LOCAL);
        assertThat(all).hasSize(6);
        assertThatThrownBy(() -> AlertActions.fromConfig(Extensions.bundled(), Json.MAPPER.readTree("[{\"type\": \"pigeon\"}]"), LOCAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pigeon").hasMessageContaining("webhook");
        assertThatThrownBy(() -> AlertActions.fromConfig(Extensions.bundled(), Json.MAPPER.readTree("[{\"type\": \"webhook\", \"url\": \"file:///etc/passwd\"}]"), LOCAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url");
    }
}
