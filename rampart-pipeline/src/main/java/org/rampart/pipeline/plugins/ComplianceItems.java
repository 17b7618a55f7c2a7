package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's complianceitems (pipeline-catalog.md §3b): keeps one "last known state" document per compliance check
 * and target. A valid item (in {@code details}) becomes a new document with the item's fields at the top level,
 * stored in index {@code complianceitems} under the id {@code md5("complianceitems" + check.ref + check.test.value +
 * target)}; an invalid one is dropped. MozDef's version crashes on Python 3 (it hashes a str) and would store
 * {@code type: event}; this one hashes the UTF-8 bytes and stores {@code type: last_known_state}, as intended.
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
        JsonNode test = check.get("test");
        ObjectNode state = Json.object();
        state.set("target", item.get("target"));
        state.set("policy", pick(item.get("policy"), POLICY));
        ObjectNode checkOut = pick(check, List.of("description", "location", "name"));
        checkOut.set("test", pick(test, TEST));
        checkOut.set("ref", check.get("ref"));
        state.set("check", checkOut);
        for (String field : List.of("compliance", "link", "utctimestamp", "tags")) {
            if (item.has(field)) {
                state.set(field, item.get(field));
            }
        }
        state.put("type", TYPE);
        metadata.id(Md5.hex("complianceitems" + PyText.str(check.get("ref")) + PyText.str(test.get("value"))
                + PyText.str(item.get("target"))));
        metadata.index(INDEX);
        return state;
    }

    private static ObjectNode pick(JsonNode from, List<String> fields) {
        ObjectNode out = Json.object();
        fields.forEach(f -> out.set(f, from.get(f)));
        return out;
    }

    private static boolean valid(JsonNode item) {
        return Fields.hasAll(item, ITEM) && Fields.hasAll(item.get("policy"), POLICY) && Fields.hasAll(item.get("check"), CHECK)
                && Fields.hasAll(item.get("check").get("test"), TEST);
    }
}
