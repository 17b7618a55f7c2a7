package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's auditdFixup: drops known-noisy auditd events ({@link AuditdNoise}) and makes auditd fields fit their
 * numeric mapping (4294967295 auid/ses as "-1", "(null)" ids as -1, a comma-separated gid moved to gidstring);
 * {@code details.dhost} becomes the top-level {@code hostname}.
 */
public final class AuditdFixup implements EventPlugin {
    private static final String UNSET_ID = "4294967295";

    @Override
    public List<String> registration() {
        return List.of("auditd", "audisp-json");
    }

    @Override
    public int priority() {
        return 2;
    }

    @Override
    public String name() {
        return "auditdFixup";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        if (details != null) {
            if (AuditdNoise.isNoise(details)) {
                return null;
            }
            for (String field : List.of("auid", "ses")) {
                if (UNSET_ID.equals(Events.text(details, field))) {
                    details.put(field, "-1");
                }
            }
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(details.properties())) {
                if (e.getKey().contains("id") && "(null)".equals(e.getValue().textValue())) {
                    details.put(e.getKey(), -1);
                }
            }
            String gid = Events.text(details, "gid");
            if (gid != null && gid.contains(",")) {
                // The gid did not parse into one number; kept aside so that the numeric gid field stays valid.
                // (MozDef also runs this test on numbers, raises, and loses the event.)
                details.put("gidstring", gid);
                details.remove("gid");
            }
            if (details.has("dhost")) {
                event.set("hostname", details.remove("dhost"));
            }
        }
        if (!event.has("category")) {
            event.put("category", "auditd");
        }
        event.put("type", "auditd");
        return event;
    }
}
