package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's trace_audit: strace/ptrace run by a user, outside the hosts where that is expected. */
public class TraceAudit extends AlertTask {

    @Override
    protected void main() {
        String hostfilter = parseConfig("trace_audit.conf", "hostfilter").get("hostfilter");
        SearchQuery query = SearchQuery.minutes(5);
        query.addMust(new TermMatch("details.processname", "strace"));
        for (String host : Options.words(hostfilter)) {
            query.addMustNot(new PhraseMatch("hostname", host));
        }
        filtersManual(query);
        searchEventsAggregated("details.originaluser", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = aggregation.count() + " instances of Strace or Ptrace executed by " + aggregation.value() + " on "
                + String.join(",", Summaries.unique(aggregation.events(), "hostname"));
        return createAlertDict(summary, "trace", List.of("audit"), aggregation.events(), "WARNING");
    }
}
