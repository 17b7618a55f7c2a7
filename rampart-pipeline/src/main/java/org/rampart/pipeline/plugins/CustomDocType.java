package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's customDocType: an event posted to {@code /custom/<app>} gets {@code type = <app>}. */
public final class CustomDocType implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("customendpoint");
    }

    @Override
    public int priority() {
        return 2;
    }

    @Override
    public String name() {
        return "customDocType";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String endpoint = Events.text(event, "endpoint");
        if (endpoint != null && Events.truthy(event.get("customendpoint"))) {
            event.put("type", endpoint);
        }
        return event;
    }
}
