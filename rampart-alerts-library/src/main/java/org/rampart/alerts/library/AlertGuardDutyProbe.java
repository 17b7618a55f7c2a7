package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's guard_duty_probe: GuardDuty reported a port probe. */
public class AlertGuardDutyProbe extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(20);
        query.addMust(
                new TermMatch("source", "guardduty"),
                new TermMatch("details.finding.action.actionType", "PORT_PROBE"),
                new ExistsMatch("details.sourceipaddress"));
        filtersManual(query);
        searchEventsAggregated("details.sourceipaddress", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return createAlertDict("Guard Duty Port Probe by " + aggregation.value(), "bruteforce",
                List.of("guardduty", "bruteforce"), aggregation.events(), "INFO");
    }
}
