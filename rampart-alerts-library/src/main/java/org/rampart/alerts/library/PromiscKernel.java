package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's promisc_kernel: the kernel logged an interface entering promiscuous mode, per host. */
public class PromiscKernel extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new TermMatch("category", "syslog"),
                new PhraseMatch("summary", "promiscuous"),
                new PhraseMatch("summary", "entered"));
        query.addMustNot(new QueryStringMatch("summary: veth*"));
        filtersManual(query);
        searchEventsAggregated("hostname", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "Promiscuous mode enabled on " + aggregation.value() + " [" + aggregation.count() + "]";
        return createAlertDict(summary, "promisc", List.of("promisc", "kernel"), aggregation.events(), "WARNING");
    }
}
