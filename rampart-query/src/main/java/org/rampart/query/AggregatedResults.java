package org.rampart.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rampart.event.Json;

/**
 * MozDef's AggregatedResults: the hits plus, per aggregated field, its buckets ordered by count (descending),
 * then key (ascending), counted over every matching document, not only the returned hits.
 */
public record AggregatedResults(List<Hit> hits, boolean timedOut, Map<String, List<Bucket>> aggregations) {
    public AggregatedResults {
        hits = List.copyOf(hits);
        Map<String, List<Bucket>> copy = new LinkedHashMap<>();
        aggregations.forEach((field, buckets) -> copy.put(field, List.copyOf(buckets)));
        aggregations = java.util.Collections.unmodifiableMap(copy);
    }

    /** The results as MozDef's dict: {@code {aggregations: {field: {terms: [{count, key}]}}, hits, meta}}. */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode aggs = node.putObject("aggregations");
        aggregations.forEach((field, buckets) -> {
            ArrayNode terms = aggs.putObject(field).putArray("terms");
            for (Bucket b : buckets) {
                ObjectNode term = terms.addObject();
                term.put("count", b.count());
                term.set("key", Json.MAPPER.valueToTree(b.key()));
            }
        });
        node.set("hits", SimpleResults.hitsJson(hits));
        node.set("meta", SimpleResults.metaJson(timedOut));
        return node;
    }

    /** The same hits without the aggregations. */
    public SimpleResults simple() {
        return new SimpleResults(hits, timedOut);
    }
}
