package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's large_strings: cuts long message texts to 3000 characters followed by " ...". */
public final class LargeStrings implements EventPlugin {
    private static final int MAX = 3000;
    private static final List<String> DETAIL_FIELDS = List.of("message", "cmdline", "pr_body");

    @Override
    public List<String> registration() {
        return List.of("githubeventsqs");
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String name() {
        return "large_strings";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        if (details != null) {
            DETAIL_FIELDS.forEach(f -> cut(details, f));
        }
        cut(event, "summary");
        return event;
    }

    private static void cut(ObjectNode parent, String field) {
        String value = Events.text(parent, field);
        if (value != null && value.codePointCount(0, value.length()) > MAX) {
            parent.put(field, Events.truncate(value, MAX) + " ...");
        }
    }
}
