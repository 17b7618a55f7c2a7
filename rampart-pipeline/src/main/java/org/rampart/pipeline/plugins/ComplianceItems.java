package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's complianceitems: keeps one "last known state" document per compliance check and target: a valid item
 * (in {@code details}) goes to index {@code complianceitems} with type {@code last_known_state} and an id made of
 * check ref, test value and target; an invalid one is dropped. MozDef's version crashes on Python 3 (it hashes a
 * str); this one hashes the UTF-8 bytes, as intended.
 */
public final class ComplianceItems implements EventPlugin {
    static final String INDEX = "complianceitems";
    static final String TYPE = "last_known_state";
    private static final List<String> ITEM = List.of("target", "policy", "check", "compliance", "link", "utctimestamp");
    private static final List<String> POLICY = List.of("level", "name", "url");
    private static final List<String> CHECK = List.of("description", "location", "name", "ref", "test");
    private static final List<String> TEST = List.of("type", "value");

    @Override
    public List<String> registration() {
        return List.of("complianceitems");
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public String name() {
        return "complianceitems";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        JsonNode item = event.get("details");
        if (!valid(item)) {
            return null;
        }
        JsonNode check = item.get("check");
        metadata.id(Md5.hex(PyText.str(check.get("ref")) + PyText.str(check.path("test").get("value"))
                + PyText.str(item.get("target"))));
        metadata.index(INDEX);
        metadata.docType(TYPE);
        event.put("type", TYPE);
        return event;
    }

    private static boolean valid(JsonNode item) {
        return Fields.hasAll(item, ITEM) && Fields.hasAll(item.get("policy"), POLICY) && Fields.hasAll(item.get("check"), CHECK)
                && Fields.hasAll(item.get("check").get("test"), TEST);
    }
}
