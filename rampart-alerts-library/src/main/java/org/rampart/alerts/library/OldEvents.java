package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.event.Timestamps;
import org.rampart.query.LessThanMatch;
import org.rampart.query.SearchQuery;

/** MozDef's old_events: events received in the last 6 hours whose utctimestamp is more than a day old. */
public class OldEvents extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.hours(6);
        query.addMust(new LessThanMatch("utctimestamp", Timestamps.isoformat(now().minus(Duration.ofDays(1)))));
        filtersManual(query);
        searchEventsAggregated("mozdefhostname", 1000);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "Events have an outdated utctimestamp (" + aggregation.count() + ")";
        return createAlertDict(summary, "maintenance", List.of("pipeline"), aggregation.events(), "ERROR");
    }
}
