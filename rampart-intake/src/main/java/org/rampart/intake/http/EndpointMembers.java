package org.rampart.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.rampart.event.Json;

/**
 * What intake adds to an event of {@code /events} and {@code /cef} ({@code endpoint}) or of
 * {@code /custom/<application>} ({@code endpoint=<application>} and {@code customendpoint=true}): put into a tree, or
 * spliced as JSON text into the body's own bytes ({@link EventBodies#single(byte[], EndpointMembers)}).
 */
final class EndpointMembers {
    static final EndpointMembers EVENTS = new EndpointMembers("events", false);
    static final EndpointMembers CEF = new EndpointMembers("cef", false);
    private static final int MAX_APPLICATION_LENGTH = 128;

    private final String endpoint;
    private final boolean custom;
    private final byte[] json;

    private EndpointMembers(String endpoint, boolean custom) {
        this.endpoint = endpoint;
        this.custom = custom;
        ObjectNode members = Json.object();
        addTo(members);
        try {
            byte[] object = Json.MAPPER.writeValueAsBytes(members);
            this.json = Arrays.copyOfRange(object, 1, object.length - 1);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a string and a boolean are always written (a lone surrogate is escaped)", e);
        }
    }

    /** The members of {@code /custom/<application>}. */
    static EndpointMembers custom(String application) throws Rejection {
        if (application.isEmpty() || application.length() > MAX_APPLICATION_LENGTH) {
            throw Rejection.badRequest("bad_application", "the application name in /custom/<application> must be 1 to "
                    + MAX_APPLICATION_LENGTH + " characters");
        }
        return new EndpointMembers(application, true);
    }

    /** The endpoint a request came in by, for the metrics. */
    String endpoint() {
        return endpoint;
    }

    /** Puts the members into {@code event}: a key it already has keeps its position and takes the new value. */
    void addTo(ObjectNode event) {
        event.put("endpoint", endpoint);
        if (custom) {
            event.put("customendpoint", true);
        }
    }

    /** The members as JSON text without the object's braces: {@code "endpoint":"events"}. */
    byte[] json() {
        return json;
    }
}
