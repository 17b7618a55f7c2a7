package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.Aggregation;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's proxy_drop_ip: the proxy denied requests to bare IP addresses (metadata services whitelisted). */
public class AlertProxyDropIP extends ProxyAlert {

    @Override
    void refine(SearchQuery query) {
        String whitelist = parseConfig("proxy_drop_ip.conf", "ip_whitelist").get("ip_whitelist");
        query.addMust(
                new TermMatch("details.proxyaction", "TCP_DENIED"),
                new QueryStringMatch("details.host: /[0-9a-fA-F]{1,4}.*/"));
        for (String ip : Options.commaList(whitelist)) {
            query.addMustNot(new TermMatch("details.host", ip));
        }
    }

    /** Keeps the events whose host really is an IP, attaching all of them; none left means no alert. */
    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        List<ObjectNode> toIps = aggregation.allevents().stream()
                .filter(e -> IpAddresses.address(text(e.path("_source"), "details.host", "")) != null)
                .toList();
        if (toIps.isEmpty()) {
            return null;
        }
        return squidAlert("Suspicious Proxy DROP event(s) detected from " + aggregation.value()
                + " to the following IP-based destination(s): " + sortedJoined(toIps, "details.host"), toIps);
    }
}
