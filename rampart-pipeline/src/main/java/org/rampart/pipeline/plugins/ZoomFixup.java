package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        if (in.has("event")) {
            details.set("event", in.get("event"));
        }
        if (in.path("payload").has("account_id")) {
            details.set("account_id", in.path("payload").get("account_id"));
        }
        if (in.path("payload").path("object").has("account_id")) {
            details.set("object_account_id", in.path("payload").path("object").get("account_id"));
        }
        mapping.apply(SOURCE, event, details);
        // Zoom sends "" for times that do not apply (an instant meeting's start_time); they are not dates.
        List<String> empty = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : details.properties()) {
            if (e.getValue().isTextual() && e.getValue().textValue().isEmpty()) {
                empty.add(e.getKey());
            }
        }
        empty.forEach(details::remove);
        out.set("details", details);
        String who = details.hasNonNull("participant_username") ? PyText.str(details.get("participant_username"))
                : details.hasNonNull("username") ? PyText.str(details.get("username")) : "unknown";
        out.put("summary", "zoom: " + PyText.format("{event}", details) + " triggered by user " + who);
        return out;
    }
}
