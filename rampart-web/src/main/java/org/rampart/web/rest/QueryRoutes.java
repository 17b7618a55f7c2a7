package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.QueryJson;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** The query API ({@code POST /query}, {@code POST /query/count}) and the routes that read the store. */
final class QueryRoutes {
    private final EventStore store;

    QueryRoutes(EventStore store) {
        this.store = store;
    }

    /** MozDef's SimpleResults, or AggregatedResults when the query asks for aggregations. */
    void query(Context ctx) {
        QueryJson.Request request = QueryJson.readRequest(RequestBodies.json(ctx));
        ObjectNode result = request.query().aggregations().isEmpty()
                ? store.search(request.query(), request.indices(), request.size()).toJson()
                : store.aggregate(request.query(), request.indices(), request.size()).toJson();
        ctx.contentType("application/json").result(result.toString());
    }

    /** {@code {"count": N}}: how many events match, without fetching them. */
    void count(Context ctx) {
        QueryJson.Request request = QueryJson.readRequest(RequestBodies.json(ctx));
        ObjectNode reply = Json.object().put("count", store.count(request.query(), request.indices()));
        ctx.contentType("application/json").result(reply.toString());
    }

    /** MozDef's {@code /kibanadashboards}: dashboards saved in the {@code .kibana} index, any error gives []. */
    void kibanaDashboards(Context ctx) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        try {
            SearchQuery q = SearchQuery.all().addMust(new TermMatch("type", "dashboard"));
            for (Hit hit : store.search(q, List.of(".kibana"), SearchQuery.DEFAULT_SIZE).hits()) {
                String id = hit.id().startsWith("dashboard:") ? hit.id().substring("dashboard:".length()) : hit.id();
                out.addObject().put("name", hit.source().path("dashboard").path("title").asText()).put("id", id);
            }
        } catch (RuntimeException e) {
            out.removeAll();
        }
        ctx.contentType("application/json").result(out.toString());
    }
}
