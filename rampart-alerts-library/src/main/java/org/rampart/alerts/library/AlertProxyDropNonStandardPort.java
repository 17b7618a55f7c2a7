package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.alerts.Aggregation;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's proxy_drop_non_standard_port: the proxy denied CONNECTs to ports other than the usual TLS ones. */
public class AlertProxyDropNonStandardPort extends ProxyAlert {

    @Override
    void refine(SearchQuery query) {
        String ports = parseConfig("proxy_drop_non_standard_port.conf", "excludedports").get("excludedports");
        query.addMust(new TermMatch("details.proxyaction", "TCP_DENIED"), new TermMatch("details.method", "CONNECT"));
        for (String port : Options.commaList(ports)) {
            query.addMustNot(new TermMatch("details.destinationport", port));
        }
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return squidAlert("Suspicious Proxy DROP event(s) detected from " + aggregation.value()
                + " to the following non-std port destination(s): "
                + sortedJoined(aggregation.allevents(), "details.destination"), aggregation.events());
    }
}
