package org.rampart.event.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

/**
 * Rampart's own SNS behaviour; MozDef's recorded outputs (conformance/mq/esworker_sns_sqs.json) are matched in
 * rampart-testkit's NormalizerParityTest.
 */
class SnsNormalizerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-05-06T07:08:09.123456Z"), ZoneOffset.UTC);

    private static ObjectNode notification(String message) {
        ObjectNode sns = Json.object();
        sns.put("Type", "Notification");
        sns.put("Message", message);
        return sns;
    }

    private final SnsNormalizer sns = new SnsNormalizer(CLOCK, "mozdef1", "queue1");

    @Test
    void messageThatIsNotJsonBecomesTheSummary() {
        ObjectNode event = sns.fromNotification(notification("  plain text, not JSON"));
        assertThat(event.get("summary").asText()).isEqualTo("  plain text, not JSON");
        assertThat(event.get("tags")).extracting(JsonNode::asText).containsExactly("queue1");
        assertThat(event.get("severity").asText()).isEqualTo("INFO");
        assertThat(event.get("mozdefhostname").asText()).isEqualTo("mozdef1");
    }

    @Test
    void messageThatIsJsonButNotAnObjectBecomesTheSummary() {
        assertThat(sns.fromNotification(notification("[1, 2]")).get("summary").asText()).isEqualTo("[1, 2]");
        assertThat(sns.fromNotification(notification("42")).get("summary").asText()).isEqualTo("42");
    }

    @Test
    void keysMatchExactlyNotBySubstring() {
        ObjectNode event = sns.fromNotification(notification(
                "{\"host\": \"h\", \"sourc\": \"s\", \"Hostname\": \"H\", \"extra\": {\"x\": 1}}"));
        assertThat(event.has("hostname")).isFalse();
        assertThat(event.has("source")).isFalse();
        assertThat(event.at("/details/host").asText()).isEqualTo("h");
        assertThat(event.at("/details/sourc").asText()).isEqualTo("s");
        assertThat(event.at("/details/Hostname").asText()).isEqualTo("H");
        assertThat(event.at("/details/extra/x").asInt()).isEqualTo(1);
    }

    @Test
    void detailsAndSummaryHandling() {
        ObjectNode event = sns.fromNotification(notification(
                "{\"details\": {\"a\": 1}, \"fields\": \"text\", \"message\": 17, \"pid\": 99}"));
        assertThat(event.at("/details/a").asInt()).isEqualTo(1);
        assertThat(event.at("/details/message").asText()).isEqualTo("text");
        assertThat(event.get("summary").asText()).isEqualTo("17");
        assertThat(event.get("processid").asText()).isEqualTo("99");
    }

    @Test
    void unparseableTimeKeepsTheEventAtReceiveTime() {
        ObjectNode event = sns.fromNotification(notification("{\"time\": \"whenever\", \"summary\": \"x\"}"));
        assertThat(event.get("summary").asText()).isEqualTo("x");
        assertThat(event.get("utctimestamp").asText()).isEqualTo(event.get("receivedtimestamp").asText());
        assertThat(event.has("timestamp")).isFalse();
        assertThat(event.get("tags")).extracting(JsonNode::asText)
                .containsExactly("queue1", Normalizer.TAG_TIMESTAMP_UNPARSEABLE);
    }

    @Test
    void missingOrObjectMessage() {
        ObjectNode noMessage = sns.fromNotification(Json.object());
        assertThat(noMessage.has("summary")).isFalse();
        assertThat(sns.fromNotification(null).get("details")).isEmpty();
        ObjectNode raw = Json.object();
        raw.putObject("Message").put("hostname", "h1");
        ObjectNode event = sns.fromNotification(raw);
        assertThat(event.get("hostname").asText()).isEqualTo("h1");
        event.put("hostname", "changed");
        assertThat(raw.at("/Message/hostname").asText()).isEqualTo("h1");
    }
}
