package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's ttl_auditd: marks noisy auditd commands with {@code _ttl = "3d"}; runs before auditdFixup. */
public final class TtlAuditd implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("auditd", "command");
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public String name() {
        return "ttl_auditd";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        if (details != null && AuditdNoise.isNoise(details)) {
            event.put("_ttl", "3d");
        }
        return event;
    }
}
