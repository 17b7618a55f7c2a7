package org.rampart.intake.sqs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.rampart.event.Json;

/** Reading message bodies and SNS envelopes as MozDef's workers do. */
final class MessageBodies {
    private MessageBodies() {}

    /** The body as a JSON object, or base64 of one (what Boto's old SQS messages held). */
    static ObjectNode object(String body) throws MalformedMessage {
        JsonNode parsed = parse(body);
        if (parsed == null) {
            try {
                parsed = parse(new String(Base64.getMimeDecoder().decode(body.strip()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                parsed = null;
            }
        }
        if (parsed == null) {
            throw new MalformedMessage("the body is neither JSON nor base64 of JSON");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new MalformedMessage("the body is JSON but not an object");
        }
        return object;
    }

    /**
     * The SNS notification's {@code Message} as an object (it is JSON text in an SNS envelope); a body without
     * {@code Message} is taken as the message itself (a queue fed by EventBridge directly).
     */
    static ObjectNode snsMessage(ObjectNode body) throws MalformedMessage {
        JsonNode message = body.get("Message");
        if (message == null) {
            return body;
        }
        JsonNode inner = message.isTextual() ? parse(message.textValue()) : message;
        if (!(inner instanceof ObjectNode object)) {
            throw new MalformedMessage("the notification's Message is not a JSON object");
        }
        return object;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }
}
