package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's observium (pipeline-catalog.md §3b): for {@code details.program} {@code Observium}, an alert line such as
 * {@code ALERT: [db1.example.com] [port] [Gi0/1] Port down} anywhere in the summary sets the top-level
 * {@code hostname} and {@code details.alert_type}, {@code entity_type}, {@code entity} and {@code alert_message},
 * and appends the tag {@code alert}.
 */
public final class Observium implements EventPlugin {
    /**
     * MozDef's pattern, searched unanchored, with Python's {@code .} (all but {@code \n}) and Unicode {@code \s}. A
     * match can only start where a whitespace-free run starts, so the pattern says so: that keeps the search linear
     * on attacker-made summaries without changing what it finds.
     */
    private static final Pattern ALERT = Pattern.compile("(?U)(?d)(?<!\\S)(?<alerttype>\\S+?): "
            + "\\[(?<sourcehost>\\S+?)\\] \\[(?<entitytype>\\S+?)\\] \\[(?<entity>.*)\\] (?<alertmessage>.*)");

    @Override
    public List<String> registration() {
        return List.of("observium");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "observium";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        String summary = Events.text(event, "summary");
        if (details == null || summary == null || !"Observium".equals(Events.text(details, "program"))) {
            return event;
        }
        Matcher m = ALERT.matcher(summary);
        if (m.find()) {
            event.put("hostname", m.group("sourcehost"));
            details.put("alert_type", m.group("alerttype"));
            details.put("entity_type", m.group("entitytype"));
            details.put("entity", m.group("entity"));
            details.put("alert_message", m.group("alertmessage"));
            Events.appendTag(event, "alert");
        }
        return event;
    }
}
