package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.normalize.Normalizer;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/** The "keyMapping" entry: MozDef's esworker_eventtask.keyMapping, i.e. Rampart's {@link Normalizer}. */
public final class KeyMappingEntry implements MqEntryPoint {
    /** The fixtures were recorded with {@code options.mozdefhostname = 'sample'}. */
    static final String FIXTURE_MOZDEFHOSTNAME = "sample";

    @Override
    public String entry() {
        return "keyMapping";
    }

    @Override
    public boolean supports(String subject) {
        return "esworker_eventtask".equals(subject);
    }

    @Override
    public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                          EventContext event, JsonNode environment) {
        return new Outcome(new Normalizer(event.clock(), FIXTURE_MOZDEFHOSTNAME).keyMapping(input), null);
    }
}
