package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's github_webhooks: turns a GitHub webhook delivery (read from SQS, tagged {@code githubeventsqs}) into a
 * new {@code github} event whose details are picked from the payload by {@code github_mapping.yml}; deliveries of
 * an event type the table does not list are dropped.
 */
public final class GithubWebhooks implements EventPlugin {
    static final String MAPPING = "github_mapping.yml";

    private MappingTable mapping = MappingTable.load(null, MAPPING);

    @Override
    public List<String> registration() {
        return List.of("githubeventsqs");
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String name() {
        return "github_webhooks";
    }

    @Override
    public void configure(PluginContext context) {
        mapping = MappingTable.load(context, MAPPING);
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        if (!Fields.contains(event.get("tags"), "githubeventsqs")) {
            return event;
        }
        JsonNode in = event.path("details");
        ObjectNode out = Json.object();
        ObjectNode details = Json.object();
        out.put("category", "github");
        out.set("tags", Fields.list(null, "github", "webhook"));
        out.put("eventsource", "githubeventsqs");
        String source = in.hasNonNull("event") ? PyText.str(in.get("event")) : "UNKNOWN";
        out.put("source", source);
        details.set("request_id", in.has("request_id") ? in.get("request_id")
                : Json.MAPPER.getNodeFactory().textNode("UNKNOWN"));
        if (!mapping.has(source)) {
            return null;
        }
        mapping.apply(source, event, details);
        if (details.has("commit_ts")) {
            out.set("timestamp", details.get("commit_ts"));
            Instant t = Timestamps.parse(details.get("commit_ts"), clock);
            if (t != null) {
                out.put("utctimestamp", Timestamps.isoformat(t));
            }
        }
        out.set("details", details);
        out.put("summary", summary(source, details));
        return out;
    }

    /** "github: push: on repo: wpt in org: ... triggered by user: ...", with only the parts the event has. */
    private static String summary(String source, ObjectNode d) {
        List<String> parts = new ArrayList<>();
        if (source.equals("installation")) {
            parts.add("github app: installation");
            add(parts, "", d, "action");
        } else if (source.equals("public")) {
            parts.add("github : change from private to public");
            add(parts, "on repo: ", d, "repo_name");
        } else {
            parts.add("github: " + source + ":");
            add(parts, "", d, "action");
            add(parts, "", d, "status");
            add(parts, "", d, "ref_type");
            add(parts, "on repo: ", d, "repo_name");
            add(parts, "package: ", d, "alert_package");
            add(parts, "for: ", d, "alert_note");
            add(parts, "team: ", d, "team_name");
            add(parts, "user: ", d, "blocked_user_login");
            add(parts, "in org: ", d, "org_login");
        }
        add(parts, "triggered by user: ", d, "username");
        return String.join(" ", parts);
    }

    private static void add(List<String> parts, String label, ObjectNode d, String field) {
        if (d.hasNonNull(field)) {
            parts.add(label + PyText.str(d.get(field)));
        }
    }
}
