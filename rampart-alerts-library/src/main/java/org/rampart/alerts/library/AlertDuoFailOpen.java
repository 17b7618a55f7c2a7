package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;

/** MozDef's duo_fail_open: a VPN host could not reach Duo and let logins through. */
public class AlertDuoFailOpen extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(new PhraseMatch("summary", "Failsafe Duo login"));
        filtersManual(query);
        searchEventsAggregated("hostname", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "DuoSecurity contact failed, fail open triggered on " + aggregation.value();
        return createAlertDict(summary, "bypass", List.of("openvpn", "duosecurity"), aggregation.events(), "WARNING");
    }
}
