package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.EventDefaults;
import org.rampart.event.Json;
import org.rampart.event.normalize.SnsNormalizer;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/**
 * The "taskConsumer.on_message" entry of esworker_sns_sqs: the SNS notification normalized, then run through an
 * empty plugin chain (MozDef's test has no plugins folder), then stored with the standard defaults. The case's
 * {@code options} give the host name and task exchange.
 */
public final class SnsWorkerEntry implements MqEntryPoint {

    @Override
    public String entry() {
        return "taskConsumer.on_message";
    }

    @Override
    public boolean supports(String subject) {
        return "esworker_sns_sqs".equals(subject);
    }

    @Override
    public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                          EventContext event, JsonNode environment) {
        String host = environment.path("mozdefhostname").asText(context.hostname().get());
        SnsNormalizer normalizer = new SnsNormalizer(event.clock(), host,
                environment.path("taskexchange").asText("taskexchange"));
        EventMetadata md = new EventMetadata("events", null, event);
        ObjectNode processed = PluginChain.of(List.of()).process(normalizer.fromNotification(input), md);
        ObjectNode stored = processed == null ? null : EventDefaults.addRequiredFields(processed, event.clock(), host);
        return new Outcome(stored, Json.object().put("index", md.index()).put("id", md.id()));
    }
}
