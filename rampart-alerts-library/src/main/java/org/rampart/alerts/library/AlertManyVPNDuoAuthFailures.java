package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's vpn_duo_auth_failures: five or more failed Duo VPN logins by one user in two minutes. */
public class AlertManyVPNDuoAuthFailures extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new TermMatch("category", "event"),
                new TermMatch("tags", "duosecurity"),
                new PhraseMatch("details.integration", "global and external openvpn"),
                new PhraseMatch("details.result", "FAILURE"));
        filtersManual(query);
        searchEventsAggregated("details.username", 5);
        walkAggregations(5);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        StringBuilder summary = new StringBuilder(aggregation.count() + " openvpn authentication attempts by " + aggregation.value());
        mostCommon(aggregation.allevents(), "_source.details.ip").stream().limit(5)
                .forEach(ip -> summary.append(' ').append(ip.getKey()).append(" (").append(ip.getValue()).append(" hits)"));
        return createAlertDict(summary.toString(), "openvpn", List.of("vpn", "auth", "duo"), aggregation.events(), "NOTICE");
    }
}
