package org.rampart.intake.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** What one of MozDef's SQS workers makes of one message: its events, in order, built as that worker builds them. */
interface MessageEvents {

    /**
     * The events of the message {@code body}; empty when it holds none (a CloudTrail validation message). {@code now}
     * is the message's sent time, so that a redelivered message gives the same events.
     *
     * @throws MalformedMessage when the body is not what the worker reads: the message is deleted and counted
     * @throws IOException      when something the events need cannot be read now (S3): the message is left for a retry
     */
    List<ObjectNode> events(String body, Clock now) throws MalformedMessage, IOException;
}
