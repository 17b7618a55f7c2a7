package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's googleFixup: Google activity reports get {@code type = google} and an etag without quotes. */
public final class GoogleFixup implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("google");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "googleFixup";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        String kind = Events.text(details, "kind");
        if (kind != null && kind.contains("activity")) {
            String etag = Events.text(details, "etag");
            if (etag != null) {
                details.put("etag", etag.replace("\"", ""));
            }
            event.put("type", "google");
        }
        return event;
    }
}
