package org.rampart.intake.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import org.rampart.event.normalize.SnsNormalizer;

/** esworker_sns_sqs: the body is an SNS notification ({@code Type}, {@code MessageId}, {@code Message}, ...). */
final class SnsEvents implements MessageEvents {
    private final String mozdefHostname;
    private final String taskExchange;

    SnsEvents(String mozdefHostname, String taskExchange) {
        this.mozdefHostname = mozdefHostname;
        this.taskExchange = taskExchange;
    }

    @Override
    public List<ObjectNode> events(String body, Clock now) throws MalformedMessage {
        return List.of(new SnsNormalizer(now, mozdefHostname, taskExchange).fromNotification(MessageBodies.object(body)));
    }
}
