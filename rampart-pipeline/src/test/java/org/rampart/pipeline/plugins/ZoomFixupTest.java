package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;

/** zoom_fixup mapping a Zoom webhook with zoom_mapping.yml. */
class ZoomFixupTest {
    private final ZoomFixup plugin = new ZoomFixup();

    private static ObjectNode webhook() {
        ObjectNode event = Json.object().put("utctimestamp", "2020-05-11T18:22:08.000000+00:00");
        event.putArray("tags").add("zoom");
        ObjectNode details = event.putObject("details").put("event", "meeting.started");
        ObjectNode payload = details.putObject("payload").put("account_id", "acc-1").put("operator", "op@example.com");
        payload.putObject("object").put("id", "123").put("topic", "standup").put("start_time", "")
                .put("host_id", "host-9").putObject("participant").put("user_name", "Jane");
        return event;
    }

    @Test
    void buildsAZoomEventFromTheMappingTable() {
        ObjectNode out = plugin.onMessage(webhook(), new EventMetadata(EventContext.at(Clock.systemUTC())));

        assertThat(out.path("category").asText()).isEqualTo("zoom");
        assertThat(out.path("source").asText()).isEqualTo("api_aws_lambda");
        assertThat(out.path("eventsource").asText()).isEqualTo("MozDef-EF-zoom");
        assertThat(out.path("hostname").asText()).isEqualTo("zoom_host");
        assertThat(out.path("processname").asText()).isEqualTo("zoom_webhook_api");
        assertThat(out.path("utctimestamp").asText()).isEqualTo("2020-05-11T18:22:08.000000+00:00");
        ObjectNode d = (ObjectNode) out.get("details");
        assertThat(d.path("event").asText()).isEqualTo("meeting.started");
        assertThat(d.path("account_id").asText()).isEqualTo("acc-1");
        assertThat(d.path("id").asText()).isEqualTo("123");
        assertThat(d.path("host_id").asText()).isEqualTo("host-9");
        assertThat(d.path("username").asText()).isEqualTo("op@example.com");
        assertThat(d.path("participant_username").asText()).isEqualTo("Jane");
        assertThat(d.has("start_time")).as("empty times are removed").isFalse();
        assertThat(out.path("summary").asText()).isEqualTo("zoom: meeting.started triggered by user Jane");
    }

    @Test
    void withoutAParticipantTheOperatorTriggeredIt() {
        ObjectNode event = webhook();
        ((ObjectNode) event.path("details").path("payload").path("object")).remove("participant");
        assertThat(plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC()))).path("summary").asText())
                .isEqualTo("zoom: meeting.started triggered by user op@example.com");
    }

    @Test
    void followsMozDefsAccountIdDurationsAndUnknownEvent() {
        ObjectNode event = webhook();
        ObjectNode details = (ObjectNode) event.get("details");
        details.remove("event");
        ObjectNode payload = (ObjectNode) details.get("payload");
        payload.remove("account_id");
        payload.remove("operator");
        ObjectNode object = (ObjectNode) payload.get("object");
        object.put("account_id", "acc-2").put("duration", 30).put("end_time", "");
        object.remove("participant");
        payload.putObject("old_object").put("id", "old-1").put("duration", 45).put("start_time", "");

        ObjectNode d = (ObjectNode) plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC()))).get("details");

        assertThat(d.path("event").asText()).isEqualTo("UNKNOWN");
        assertThat(d.path("account_id").asText()).isEqualTo("acc-2");
        assertThat(d.has("object_account_id")).isFalse();
        assertThat(d.path("duration").asInt()).isEqualTo(30);
        assertThat(d.path("original_sched_duration").asInt()).as("the old duration beats old_object.id").isEqualTo(45);
        assertThat(d.has("original_sched_start_time")).isFalse();
        assertThat(d.path("end_time").asText()).as("only MozDef's four times are removed when empty").isEmpty();
    }

    @Test
    void withNeitherParticipantNorOperatorTheSummaryNamesOnlyTheEvent() {
        ObjectNode event = webhook();
        ObjectNode payload = (ObjectNode) event.path("details").path("payload");
        payload.remove("operator");
        ((ObjectNode) payload.get("object")).remove("participant");
        assertThat(plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC()))).path("summary").asText())
                .isEqualTo("zoom: meeting.started");
    }

    @Test
    void eventsNotTaggedZoomPassUntouched() {
        ObjectNode event = webhook();
        event.putArray("tags").add("other");
        assertThat(plugin.onMessage(event.deepCopy(), new EventMetadata(EventContext.at(Clock.systemUTC())))).isEqualTo(event);
    }
}
