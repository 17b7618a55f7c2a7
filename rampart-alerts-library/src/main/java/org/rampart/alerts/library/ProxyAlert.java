package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's proxy_* alerts: squid events of the last 20 minutes, one alert per client address. */
abstract class ProxyAlert extends AlertTask {

    /** Adds the alert's own clauses to a query that already requires {@code category=proxy}. */
    abstract void refine(SearchQuery query);

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(20);
        query.addMust(new TermMatch("category", "proxy"));
        refine(query);
        filtersManual(query);
        searchEventsAggregated("details.sourceipaddress", 10);
        walkAggregations(1);
    }

    /** The squid alert all proxy alerts create. */
    ObjectNode squidAlert(String summary, List<ObjectNode> events) {
        return createAlertDict(summary, "squid", List.of("squid", "proxy"), events, "WARNING");
    }

    /** {@code sorted(set(values))} joined with "," and no space, as the proxy alerts print destinations. */
    static String sortedJoined(List<ObjectNode> events, String path) {
        return String.join(",", Summaries.sortedUnique(events, path));
    }
}
