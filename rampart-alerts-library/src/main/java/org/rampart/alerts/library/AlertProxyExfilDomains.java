package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.alerts.Aggregation;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's proxy_exfil_domains: requests to domains known for exfiltrating data (allowed or not). */
public class AlertProxyExfilDomains extends ProxyAlert {

    @Override
    void refine(SearchQuery query) {
        String domains = parseConfig("proxy_exfil_domains.conf", "exfil_domains").get("exfil_domains");
        // In filter context at least one should clause must match: that is what restricts to these domains.
        for (String domain : Options.commaList(domains)) {
            query.addShould(new TermMatch("details.host", domain));
        }
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return squidAlert("Proxy drop events detected from " + aggregation.value()
                + " to the following domain(s) that are known for exfiltrating data: "
                + sortedJoined(aggregation.allevents(), "details.host"), aggregation.events());
    }
}
