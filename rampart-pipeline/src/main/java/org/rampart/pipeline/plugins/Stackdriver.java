package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's stackdriver: turns a Google Cloud Logging entry read from Pub/Sub into a {@code stackdriver} event whose
 * category names the log (an audit log's type such as {@code activity}, {@code gceactivity}, {@code syslog}), so
 * that the stackdriver_* plugins can finish it.
 */
public final class Stackdriver implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("pubsub");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "stackdriver";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        ObjectNode entry = Fields.object(event, "details");
        if (!Fields.contains(event.get("tags"), "pubsub") || entry == null || !entry.has("logName")) {
            return event;
        }
        String logName = PyText.str(entry.get("logName"));
        ObjectNode out = Json.object();
        String category = category(entry, logName);
        if (category != null) {
            out.put("category", category);
        }
        out.put("source", "stackdriver");
        out.set("tags", Fields.list(event.get("tags"), "stackdriver"));
        if (event.has("receivedtimestamp")) {
            out.set("receivedtimestamp", event.get("receivedtimestamp"));
        }
        Instant t = Timestamps.parse(entry.get("timestamp"), clock);
        String iso = Timestamps.isoformat(t == null ? clock.instant() : t);
        out.put("timestamp", iso);
        out.put("utctimestamp", iso);
        if (event.has("mozdefhostname")) {
            out.set("mozdefhostname", event.get("mozdefhostname"));
        }
        out.put("customendpoint", "");
        out.set("details", entry);
        return out;
    }

    private static String category(ObjectNode entry, String logName) {
        // logName is "projects/<p>/logs/<url-encoded log id>", e.g. cloudaudit.googleapis.com%2Factivity.
        int slash = logName.lastIndexOf("%2F");
        String logType = slash < 0 ? logName.substring(logName.lastIndexOf('/') + 1) : logName.substring(slash + 3);
        JsonNode proto = entry.get("protoPayload");
        if (proto != null && PyText.str(proto.get("@type")).contains("AuditLog")) {
            return logType;
        }
        if (entry.has("jsonPayload") && logName.contains("activity_log")) {
            return "gceactivity";
        }
        if (entry.has("textPayload") && logName.contains("syslog")) {
            return "syslog";
        }
        return null;
    }
}
