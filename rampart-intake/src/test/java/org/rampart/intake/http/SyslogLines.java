package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The syslog traffic the syslog daemon tests send, and what the intake must have journaled from it. */
final class SyslogLines {
    private static final int HELLOS = 20;

    /** Twenty small messages from host web01, program app, then one over the tests' 300-byte max_event_size. */
    static final List<String> HELLOS_AND_ONE_TOO_LARGE = Stream.concat(
            IntStream.range(0, HELLOS).mapToObj(i -> "<14>Dec  6 08:00:00 web01 app[123]: hello " + i),
            Stream.of("<14>Dec  6 08:00:00 web01 app[123]: " + "x".repeat(400))).toList();

    private SyslogLines() {}

    /** Waits for the twenty hellos in the journal, with host and program as the daemon's template mapped them. */
    static void assertHellosArrive(IntakeFixture intake) {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            events.addAll(intake.newEvents());
            assertThat(events).hasSize(HELLOS);
        });
        assertThat(events).extracting(e -> e.get("summary").asText().trim())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, HELLOS).mapToObj(i -> "hello " + i).toList());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("hostname").asText()).isEqualTo("web01");
            assertThat(e.get("processname").asText()).isEqualTo("app");
        });
    }
}
