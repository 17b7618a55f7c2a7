package org.rampart.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.Supplier;
import org.rampart.event.EventDefaults;
import org.rampart.event.EventFields;
import org.rampart.event.normalize.Normalizer;

/**
 * What MozDef's esworker_eventtask does with one message body, without the queue: normalize it (keyMapping), run
 * the plugin chain, and give it the full standard shape for storing. A body posted to a custom endpoint
 * ({@code customendpoint} truthy) skips normalization, as in MozDef, and so does an event an input already built as
 * its own MozDef worker does ({@link EventFields#PREBUILT}, the SQS inputs). Thread-safe when the chain is.
 */
public final class EventPipeline {
    private final PluginChain chain;
    private final String mozdefHostname;

    /** A pipeline running {@code chain}, writing {@code mozdefHostname} into the events it normalizes. */
    public EventPipeline(PluginChain chain, String mozdefHostname) {
        this.chain = chain;
        this.mozdefHostname = mozdefHostname;
    }

    /**
     * The document to store for {@code body} (the metadata says where), or null when a plugin dropped it.
     * "Now" is the event context's clock, the intake time, so a replay fills the same default timestamps.
     */
    public ObjectNode process(ObjectNode body, EventMetadata metadata) {
        ObjectNode pristine = body.deepCopy();
        return process(body, metadata, pristine::deepCopy);
    }

    /**
     * As {@link #process(ObjectNode, EventMetadata)}, with {@code freshBody} giving {@code body} again as it came
     * (the workers parse the journaled bytes again). It is called only when a plugin fails, to rebuild the event the
     * chain started from, so the common path copies nothing.
     */
    public ObjectNode process(ObjectNode body, EventMetadata metadata, Supplier<ObjectNode> freshBody) {
        Clock now = metadata.context().clock();
        ObjectNode out = chain.process(prepare(body, now), metadata, () -> prepare(freshBody.get(), now));
        return out == null ? null : EventDefaults.addRequiredFields(out, now, mozdefHostname);
    }

    /** The event the chain starts from: the body normalized, unless it came in on a custom endpoint or prebuilt. */
    private ObjectNode prepare(ObjectNode body, Clock now) {
        boolean prebuilt = body.path(EventFields.PREBUILT).asBoolean(false);
        body.remove(EventFields.PREBUILT);
        return prebuilt || isCustom(body.get("customendpoint")) ? body
                : new Normalizer(now, mozdefHostname).keyMapping(body);
    }

    /** Python truthiness, as MozDef tests {@code bodyDict['customendpoint']}. */
    private static boolean isCustom(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        return v.isTextual() ? !v.textValue().isEmpty() : v.size() > 0;
    }

    /** The plugin chain this pipeline runs. */
    public PluginChain chain() {
        return chain;
    }
}
