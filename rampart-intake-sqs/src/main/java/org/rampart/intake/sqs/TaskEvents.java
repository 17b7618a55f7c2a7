package org.rampart.intake.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import org.rampart.event.EventFields;
import org.rampart.event.normalize.Normalizer;

/**
 * esworker_sqs: the body is one event (JSON, or base64 of JSON); {@code tags} gets the task exchange (the list is
 * made when there is none, a single tag becomes a list), then the SQS copy of keyMapping ({@link Normalizer.Variant#SQS}).
 */
final class TaskEvents implements MessageEvents {
    private final String mozdefHostname;
    private final String taskExchange;

    TaskEvents(String mozdefHostname, String taskExchange) {
        this.mozdefHostname = mozdefHostname;
        this.taskExchange = taskExchange;
    }

    @Override
    public List<ObjectNode> events(String body, Clock now) throws MalformedMessage {
        ObjectNode event = MessageBodies.object(body);
        JsonNode tags = event.get(EventFields.TAGS);
        if (tags instanceof ArrayNode list) {
            list.add(taskExchange);
        } else if (tags != null && tags.isValueNode() && !tags.isNull()) {
            event.putArray(EventFields.TAGS).add(tags).add(taskExchange);
        } else {
            event.putArray(EventFields.TAGS).add(taskExchange);
        }
        return List.of(new Normalizer(now, mozdefHostname, Normalizer.Variant.SQS).keyMapping(event));
    }
}
