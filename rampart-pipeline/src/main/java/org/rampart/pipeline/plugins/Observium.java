package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's observium: an Observium syslog alert, {@code [<hostname>] [<alert type>] [<entity type>] [<entity>]
 * <message>}, is parsed into details and tagged {@code alert}.
 */
public final class Observium implements EventPlugin {
    private static final Pattern ALERT = Pattern.compile("^\\[(?<hostname>[^\\]]*)\\]\\s*\\[(?<alerttype>[^\\]]*)\\]"
            + "\\s*\\[(?<entitytype>[^\\]]*)\\]\\s*\\[(?<entity>[^\\]]*)\\]\\s*(?<alertmessage>.*)$", Pattern.DOTALL);

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
            details.put("hostname", m.group("hostname"));
            details.put("alert_type", m.group("alerttype"));
            details.put("entity_type", m.group("entitytype"));
            details.put("entity", m.group("entity"));
            details.put("alert_message", m.group("alertmessage"));
            Events.addTag(event, "alert");
        }
        return event;
    }
}
