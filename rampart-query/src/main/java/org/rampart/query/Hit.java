package org.rampart.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.Json;

/** One search hit: MozDef's {@code {_id, _index, _score, _source}}. */
public record Hit(String id, String index, double score, ObjectNode source) {

    /** The hit as MozDef's dict. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("_id", id);
        node.put("_index", index);
        node.put("_score", score);
        node.set("_source", source);
        return node;
    }
}
