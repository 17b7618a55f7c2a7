package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's netflowFixup: netflow events get {@code type = netflow}. */
public final class NetflowFixup implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("netflow");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "netflowFixup";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        return event.put("type", "netflow");
    }
}
