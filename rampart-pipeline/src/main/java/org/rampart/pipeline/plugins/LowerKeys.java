package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's lower_keys: lowercases every key at any depth, including in objects inside lists. */
public final class LowerKeys implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("cloudtrail", "suricata", "guardduty");
    }

    @Override
    public int priority() {
        return 4;
    }

    @Override
    public String name() {
        return "lower_keys";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        lower(event);
        return event;
    }

    private static void lower(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            object.removeAll();
            for (Map.Entry<String, JsonNode> e : fields) {
                lower(e.getValue());
                // As in MozDef, of keys that differ only by case the last one wins.
                object.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(LowerKeys::lower);
        }
    }
}
