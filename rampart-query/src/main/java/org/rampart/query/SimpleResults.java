package org.rampart.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;

/** MozDef's SimpleResults: {@code {hits: [...], meta: {timed_out}}}. */
public record SimpleResults(List<Hit> hits, boolean timedOut) {
    public SimpleResults {
        hits = List.copyOf(hits);
    }

    /** The results as MozDef's dict. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.set("hits", hitsJson(hits));
        node.set("meta", metaJson(timedOut));
        return node;
    }

    static ArrayNode hitsJson(List<Hit> hits) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        hits.forEach(h -> array.add(h.toJson()));
        return array;
    }

    static ObjectNode metaJson(boolean timedOut) {
        ObjectNode meta = Json.object();
        meta.put("timed_out", timedOut);
        return meta;
    }
}
