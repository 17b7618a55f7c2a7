package org.rampart.pipeline.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import org.rampart.event.EventDefaults;
import org.rampart.event.Json;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPipeline;
import org.rampart.pipeline.PluginChain;
import org.rampart.query.IndexRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What MozDef's esworker_eventtask does with one message: parse; key mapping unless it came in on a custom
 * endpoint; the plugin chain; the required fields; then a write request with the index and id the metadata says.
 * An event that cannot be processed is never lost: it is stored raw, tagged {@value #ERROR_TAG}.
 */
public final class EventProcessor {
    /** Tag of events stored raw because processing them failed. */
    public static final String ERROR_TAG = "rampart-pipeline-error";

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final EventPipeline pipeline;
    private final ZoneId zone;
    private final String hostname;

    /**
     * @param chain    the plugins
     * @param zone     the zone of timestamps that carry none
     * @param hostname {@code mozdefhostname}
     */
    public EventProcessor(PluginChain chain, ZoneId zone, String hostname) {
        this.pipeline = new EventPipeline(chain, hostname);
        this.zone = zone;
        this.hostname = hostname;
    }

    /** The write for this event, or null when a plugin dropped it. */
    public IndexRequest process(SourceEvent source) {
        ObjectNode event;
        try {
            JsonNode parsed = Json.MAPPER.readTree(source.json());
            if (!(parsed instanceof ObjectNode object)) {
                return failed(source, "the journaled event is not a JSON object");
            }
            event = object;
        } catch (java.io.IOException e) {
            return failed(source, "the journaled event is not JSON");
        }
        // "Now" is when intake took the event, so a replay fills the same default timestamps.
        EventContext context = new EventContext(source.id(), Clock.fixed(source.received(), zone), source.replayed());
        try {
            EventMetadata metadata = new EventMetadata("events", source.id(), context);
            ObjectNode output = pipeline.process(event, metadata, () -> parseAgain(source));
            if (output == null) {
                return null;
            }
            String id = metadata.id() == null ? source.id() : metadata.id();
            // Only an id known to be new may skip the lookup: a replayed one or one a plugin chose may exist.
            boolean upsert = source.replayed() || !id.equals(source.id());
            return new IndexRequest(metadata.index(), id, output, upsert);
        } catch (RuntimeException e) {
            LOG.warn("event {} failed in the pipeline; storing it raw with tag {}", source.id(), ERROR_TAG, e);
            return failed(source, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The journaled event once more, for a plugin chain that restarts after a failure; it parsed the first time. */
    private static ObjectNode parseAgain(SourceEvent source) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(source.json());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as it was journaled, kept as text in an event of its own so that it is searchable and can be replayed. */
    IndexRequest failed(SourceEvent source, String reason) {
        ObjectNode event = Json.object();
        event.put("summary", "Rampart could not process this event: " + reason);
        event.put("category", "rampart");
        event.putArray("tags").add(ERROR_TAG);
        ObjectNode details = event.putObject("details");
        details.put("error", reason);
        details.put("raw", new String(source.json(), StandardCharsets.UTF_8));
        EventDefaults.addRequiredFields(event, Clock.fixed(source.received(), zone), hostname);
        return new IndexRequest("events", source.id(), event, source.replayed());
    }
}
