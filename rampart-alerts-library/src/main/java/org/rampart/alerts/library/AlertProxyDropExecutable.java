package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.alerts.Aggregation;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's proxy_drop_executable: the proxy denied downloads of executable file types. */
public class AlertProxyDropExecutable extends ProxyAlert {

    @Override
    void refine(SearchQuery query) {
        String extensions = parseConfig("proxy_drop_executable.conf", "extensions").get("extensions");
        query.addMust(
                new TermMatch("details.proxyaction", "TCP_DENIED"),
                new QueryStringMatch("details.destination: /.*\\.(" + extensions.replace(",", "|") + ")/"));
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return squidAlert("Suspicious Proxy DROP event(s) detected from " + aggregation.value()
                + " to the following executable file destination(s): "
                + sortedJoined(aggregation.allevents(), "details.destination"), aggregation.events());
    }
}
