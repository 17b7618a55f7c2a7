package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's dropMessage: drops AWS ELB health checks. As in MozDef it looks only at events without a type or of
 * type auditd, so after normalization (which sets {@code type: event}) it keeps everything.
 */
public final class DropMessage implements EventPlugin {
    private static final String HEALTH_CHECKER = "ELB-HealthChecker/1.0";

    @Override
    public List<String> registration() {
        return List.of(HEALTH_CHECKER);
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public String name() {
        return "dropMessage";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (event.has("type") && !"auditd".equals(Events.text(event, "type"))) {
            return event;
        }
        ObjectNode details = Events.details(event);
        return details != null && HEALTH_CHECKER.equals(Events.text(details, "http_user_agent")) ? null : event;
    }
}
