package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's remove_dots: a key that starts or ends with "." (which the store cannot map) loses all its dots. */
public final class RemoveDots implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("cloudtrail");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "remove_dots";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        rename(event);
        return event;
    }

    private static void rename(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean dotted = false;
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                rename(e.getValue());
                dotted |= e.getKey().startsWith(".") || e.getKey().endsWith(".");
            }
            if (dotted) {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
                object.removeAll();
                for (Map.Entry<String, JsonNode> e : fields) {
                    String key = e.getKey();
                    boolean strip = key.startsWith(".") || key.endsWith(".");
                    object.set(strip ? key.replace(".", "") : key, e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(RemoveDots::rename);
        }
    }
}
