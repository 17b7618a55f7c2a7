package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * What MozDef's stackdriver_audit, stackdriver_gceactivity and stackdriver_syslog share: they take the events the
 * {@link Stackdriver} plugin made, and build a new event with the same timestamps, tags and entry, finished for
 * their category.
 */
abstract class StackdriverFinisher implements EventPlugin {
    private static final List<String> KEPT = List.of(
            "receivedtimestamp", "timestamp", "utctimestamp", "category", "tags", "source", "mozdefhostname");

    @Override
    public final List<String> registration() {
        return List.of("stackdriver");
    }

    /** Whether this plugin finishes events of the category. */
    abstract boolean accepts(String category);

    /** Completes the new event; {@code out.details} is the log entry. */
    abstract void finish(ObjectNode out, ObjectNode details, String category);

    @Override
    public final ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String category = Events.text(event, "category");
        if (!Fields.contains(event.get("tags"), "stackdriver") || category == null || !accepts(category)) {
            return event;
        }
        ObjectNode out = Json.object();
        for (String field : KEPT) {
            if (event.has(field)) {
                out.set(field, event.get(field));
            }
        }
        out.put("customendpoint", "");
        ObjectNode details = Fields.object(event, "details");
        if (details == null) {
            details = Json.object();
        }
        out.set("details", details);
        finish(out, details, category);
        return out;
    }

    /** The summary the audit-style plugins write. */
    static String executed(ObjectNode details) {
        return PyText.format("{username} executed {action} on {resourcename}", details);
    }

    /** MozDef presets the fields the summary needs, so it reads UNKNOWN where the entry lacks them. */
    static void summaryDefaults(ObjectNode details) {
        details.put("username", "UNKNOWN");
        details.put("resourcename", "UNKNOWN");
        details.put("action", "UNKNOWN");
    }
}
