package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPipeline;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/**
 * The "esworker_eventtask.taskConsumer.on_message" entry: a queue body through {@link EventPipeline} with every
 * plugin on the class path. The outcome is the stored document and its index/id.
 */
public final class EventTaskEntry implements MqEntryPoint {

    @Override
    public String entry() {
        return "esworker_eventtask.taskConsumer.on_message";
    }

    @Override
    public boolean supports(String subject) {
        return "pipeline_eventtask".equals(subject);
    }

    @Override
    public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                          EventContext event, JsonNode environment) {
        EventPipeline pipeline = new EventPipeline(PluginChain.load(Extensions.bundled(), context, Set.of()),
                KeyMappingEntry.FIXTURE_MOZDEFHOSTNAME);
        EventMetadata md = new EventMetadata("events", null, event);
        ObjectNode stored = pipeline.process(input, md);
        ObjectNode where = Json.object().put("index", md.index()).put("id", md.id());
        return new Outcome(stored, where);
    }
}
