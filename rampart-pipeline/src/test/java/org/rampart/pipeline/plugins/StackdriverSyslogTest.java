package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;

/** stackdriver_syslog finishing a syslog line shipped through Cloud Logging. */
class StackdriverSyslogTest {
    private final StackdriverSyslog plugin = new StackdriverSyslog();

    private static ObjectNode entry(String category) {
        ObjectNode event = Json.object().put("category", category).put("source", "stackdriver")
                .put("utctimestamp", "2019-11-22T01:23:47.936931+00:00");
        event.putArray("tags").add("pubsub").add("stackdriver");
        event.putObject("details").put("severity", "WARNING")
                .put("textPayload", "Nov 22 01:23:47 vm-1 sshd[123]: Accepted publickey for luke");
        return event;
    }

    @Test
    void splitsTheSyslogLine() {
        ObjectNode out = plugin.onMessage(entry("syslog"), new EventMetadata(EventContext.at(Clock.systemUTC())));

        assertThat(out.path("hostname").asText()).isEqualTo("vm-1");
        assertThat(out.path("processname").asText()).isEqualTo("sshd[123]");
        assertThat(out.path("summary").asText()).isEqualTo("Accepted publickey for luke");
        assertThat(out.path("severity").asText()).isEqualTo("WARNING");
        assertThat(out.path("utctimestamp").asText()).isEqualTo("2019-11-22T01:23:47.936931+00:00");
        assertThat(out.path("details").path("textPayload").isTextual()).isTrue();
    }

    @Test
    void otherCategoriesPassUntouched() {
        ObjectNode event = entry("activity");
        assertThat(plugin.onMessage(event.deepCopy(), new EventMetadata(EventContext.at(Clock.systemUTC())))).isEqualTo(event);
    }
}
