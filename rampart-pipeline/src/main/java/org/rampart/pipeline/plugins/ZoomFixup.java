package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's zoom_fixup: turns a Zoom webhook (tagged {@code zoom}, posted by MozDef's AWS Lambda) into a new
 * {@code zoom} event whose details are picked from the payload by {@code zoom_mapping.yml}.
 */
public final class ZoomFixup implements EventPlugin {
    static final String MAPPING = "zoom_mapping.yml";
    private static final String SOURCE = "api_aws_lambda";
    /** Kept from the incoming event (MozDef loses them; the store would then stamp the save time instead). */
    private static final List<String> KEPT = List.of("receivedtimestamp", "timestamp", "utctimestamp", "mozdefhostname");

    /** Times that MozDef removes when Zoom sent them as the empty string. */
    private static final List<String> EMPTY_WHEN_NOT_SET =
            List.of("start_time", "original_sched_start_time", "recording_files_end", "recording_file_end");

    private MappingTable mapping = MappingTable.load(null, MAPPING);

    @Override
    public List<String> registration() {
        return List.of("zoom_host");
    }

    @Override
    public int priority() {
        return 2;
    }

    @Override
    public String name() {
        return "zoom_fixup";
    }

    @Override
    public void configure(PluginContext context) {
        mapping = MappingTable.load(context, MAPPING);
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (!Fields.contains(event.get("tags"), "zoom")) {
            return event;
        }
        JsonNode in = event.path("details");
        ObjectNode out = Json.object();
        for (String field : KEPT) {
            if (event.has(field)) {
                out.set(field, event.get(field));
            }
        }
        out.set("tags", event.get("tags"));
        out.put("category", "zoom");
        out.put("eventsource", "MozDef-EF-zoom");
        out.put("source", SOURCE);
        out.put("hostname", "zoom_host");
        out.put("severity", "info");
        out.put("processname", "zoom_webhook_api");
        ObjectNode details = Json.object();
        details.set("event", in.has("event") ? in.get("event") : TextNode.valueOf("UNKNOWN"));
        JsonNode payload = in.path("payload");
        if (payload.has("account_id")) {
            details.set("account_id", payload.get("account_id"));
        } else if (payload.path("object").has("account_id")) {
            details.set("account_id", payload.path("object").get("account_id"));
        }
        String summary = "zoom: " + PyText.str(details.get("event"));
        JsonNode participant = payload.path("object").path("participant");
        if (participant.has("user_name")) {
            summary += " triggered by user " + PyText.str(participant.get("user_name"));
        } else if (payload.has("operator")) {
            summary += " triggered by user " + PyText.str(payload.get("operator"));
        }
        out.put("summary", summary);
        mapping.apply(SOURCE, event, details);
        // Zoom sends "" for times that do not apply (an instant meeting's start_time); they are not dates.
        for (String time : EMPTY_WHEN_NOT_SET) {
            if (details.path(time).isTextual() && details.get(time).textValue().isEmpty()) {
                details.remove(time);
            }
        }
        // MozDef sets these two after the mapping, so the old object's duration beats the mapped old_object.id.
        copyIfPresent(payload.path("object"), "duration", details, "duration");
        copyIfPresent(payload.path("old_object"), "duration", details, "original_sched_duration");
        out.set("details", details);
        return out;
    }

    private static void copyIfPresent(JsonNode from, String field, ObjectNode to, String target) {
        if (from.has(field)) {
            to.set(target, from.get(field));
        }
    }
}
