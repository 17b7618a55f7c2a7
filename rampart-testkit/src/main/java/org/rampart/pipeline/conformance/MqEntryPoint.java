package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/**
 * Something an mq fixture case can call, named by the case's {@code entry} ("onMessage", "keyMapping",
 * "process"...). Found with {@link java.util.ServiceLoader}, so a new entry needs no change to {@link MqFixtures}.
 */
public interface MqEntryPoint {

    /** The fixture {@code entry} value this calls, e.g. "keyMapping". */
    String entry();

    /** Whether the fixture's subject (its {@code plugin} or {@code subject}, e.g. "broFixup") is present here. */
    boolean supports(String subject);

    /**
     * Calls the code under test on copies of the case's input; the checker compares the outcome.
     *
     * @param event       the event's context: the fixture's frozen "now"
     * @param environment the case's {@code environment} object (e.g. a REST URL), or a missing node
     */
    Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context, EventContext event,
            JsonNode environment);

    /** What the call returned: a null message means dropped; a null metadata means MozDef returned None for it. */
    record Outcome(ObjectNode message, ObjectNode metadata) {}
}
