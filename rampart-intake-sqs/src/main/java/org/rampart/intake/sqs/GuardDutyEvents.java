package org.rampart.intake.sqs;

import static org.rampart.event.EventFields.DETAILS;
import static org.rampart.event.EventFields.HOSTNAME;
import static org.rampart.event.EventFields.MOZDEFHOSTNAME;
import static org.rampart.event.EventFields.RECEIVEDTIMESTAMP;
import static org.rampart.event.EventFields.SEVERITY;
import static org.rampart.event.EventFields.SOURCE;
import static org.rampart.event.EventFields.SUMMARY;
import static org.rampart.event.EventFields.TAGS;
import static org.rampart.event.EventFields.TIMESTAMP;
import static org.rampart.event.EventFields.UTCTIMESTAMP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * esworker_guardduty: the notification's {@code Message} is a finding as GuardDuty's normalizing Lambda sends it
 * ({@code details} the finding, {@code details.finding} its service part, plus {@code hostname}, {@code summary},
 * {@code timestamp}, {@code tags}). One event per port probe ({@code details.finding.probeevent} = that entry of
 * {@code action.portProbeAction.portProbeDetails}) or per API call ({@code details.finding.apicalls} = that entry of
 * {@code additionalInfo.apiCalls}); any other finding is one event. Each gets {@code receivedtimestamp},
 * {@code mozdefhostname}, {@code tags = [task exchange]} (the message's tags go to {@code details.tags}),
 * {@code severity = INFO}, {@code source = guardduty}, {@code details}, {@code hostname} and {@code summary} when
 * present, and the timestamps from {@code timestamp}. The guardDuty plugin then maps the finding.
 *
 * <p>Where MozDef differs: its loop reuses one dict for every probe, so all the events of a finding carry the last
 * probe; here each carries its own. A finding without {@code details.finding} is one event, not none.
 */
final class GuardDutyEvents implements MessageEvents {
    private final String mozdefHostname;
    private final String taskExchange;

    GuardDutyEvents(String mozdefHostname, String taskExchange) {
        this.mozdefHostname = mozdefHostname;
        this.taskExchange = taskExchange;
    }

    @Override
    public List<ObjectNode> events(String body, Clock now) throws MalformedMessage {
        ObjectNode message = MessageBodies.snsMessage(MessageBodies.object(body));
        List<ObjectNode> events = new ArrayList<>();
        for (ObjectNode part : split(message)) {
            events.add(event(part, now));
        }
        return events;
    }

    /** The message once per probe or API call, each copy naming its own in {@code details.finding}. */
    private static List<ObjectNode> split(ObjectNode message) {
        JsonNode finding = message.path(DETAILS).path("finding");
        JsonNode action = finding.path("action");
        String actionType = action.path("actionType").asText("");
        JsonNode each = switch (actionType) {
            case "PORT_PROBE" -> action.path("portProbeAction").path("portProbeDetails");
            case "AWS_API_CALL" -> finding.path("additionalInfo").path("apiCalls");
            default -> null;
        };
        String field = actionType.equals("PORT_PROBE") ? "probeevent" : "apicalls";
        if (each == null || !each.isArray() || each.isEmpty()) {
            return List.of(message);
        }
        List<ObjectNode> parts = new ArrayList<>(each.size());
        for (JsonNode one : each) {
            ObjectNode copy = message.deepCopy();
            ((ObjectNode) copy.path(DETAILS).path("finding")).set(field, one.deepCopy());
            parts.add(copy);
        }
        return parts;
    }

    private ObjectNode event(ObjectNode message, Clock now) {
        String received = Timestamps.isoformat(now.instant());
        ObjectNode event = Json.object();
        event.put(RECEIVEDTIMESTAMP, received);
        event.put(MOZDEFHOSTNAME, mozdefHostname);
        event.putArray(TAGS).add(taskExchange);
        event.put(SEVERITY, "INFO");
        event.put(SOURCE, "guardduty");
        ObjectNode details = message.get(DETAILS) instanceof ObjectNode d ? d : Json.object();
        event.set(DETAILS, details);
        if (message.has(HOSTNAME)) {
            event.set(HOSTNAME, message.get(HOSTNAME));
        }
        if (message.has(SUMMARY)) {
            event.set(SUMMARY, message.get(SUMMARY));
        }
        if (message.has(TAGS)) {
            details.set(TAGS, message.get(TAGS));
        }
        Instant time = message.has(TIMESTAMP) ? Timestamps.parse(message.get(TIMESTAMP), now) : null;
        if (time != null) {
            event.put(UTCTIMESTAMP, Timestamps.isoformat(time));
            event.put(TIMESTAMP, Timestamps.isoformat(time));
        }
        return event;
    }
}
