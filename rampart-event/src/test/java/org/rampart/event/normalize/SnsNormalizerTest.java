package org.rampart.event.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.event.normalize.MqFixtures.CLOCK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rampart.event.EventDefaults;
import org.rampart.event.Json;

/** MozDef's esworker_sns_sqs fixtures (conformance/mq/esworker_sns_sqs.json) and Rampart's own SNS behaviour. */
class SnsNormalizerTest {
    private static final ObjectNode FIXTURE = MqFixtures.load("esworker_sns_sqs.json");

    private static SnsNormalizer normalizer(JsonNode options) {
        return new SnsNormalizer(CLOCK, options.get("mozdefhostname").asText(), options.get("taskexchange").asText());
    }

    /** The indexed document: the event before plugins, plus what MozDef's save adds (no plugins ran). */
    private static ObjectNode indexed(SnsNormalizer normalizer, JsonNode notification) {
        ObjectNode event = normalizer.fromNotification((ObjectNode) notification.deepCopy());
        return EventDefaults.addRequiredFields(event, CLOCK, "save.host");
    }

    @TestFactory
    Stream<DynamicTest> fixtureCases() {
        return StreamSupport.stream(FIXTURE.get("cases").spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
                    ObjectNode body = indexed(normalizer(c.get("options")), c.get("input"));
                    JsonNode expected = MqFixtures.substitute(c.at("/expected_indexed/0/body"), CLOCK, "unused");
                    // what MozDef's test checks: same key set, timestamps are strings, every other value equal
                    List<String> keys = new ArrayList<>();
                    body.fieldNames().forEachRemaining(keys::add);
                    List<String> expectedKeys = new ArrayList<>();
                    expected.fieldNames().forEachRemaining(expectedKeys::add);
                    assertThat(keys).containsExactlyInAnyOrderElementsOf(expectedKeys);
                    for (String key : expectedKeys) {
                        if (key.endsWith("timestamp")) {
                            assertThat(body.get(key).isTextual()).as(key).isTrue();
                        } else {
                            assertThat(MqFixtures.sameJson(expected.get(key), body.get(key)))
                                    .as("%s: expected %s but was %s", key, expected.get(key), body.get(key)).isTrue();
                        }
                    }
                    // and strictly, with the clock injected, the whole document
                    assertThat(MqFixtures.sameJson(expected, body)).as("expected %s%nbut was  %s", expected, body)
                            .isTrue();
                }));
    }

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
