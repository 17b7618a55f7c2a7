package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's promisc_audit: auditd saw an interface enter promiscuous mode (container veths excluded). */
public class PromiscAudit extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new TermMatch("category", "promiscuous"),
                new PhraseMatch("summary", "promiscuous"),
                new PhraseMatch("summary", "on"));
        query.addMustNot(new QueryStringMatch("details.dev: veth*"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        String summary = "Promiscuous mode enabled on " + text(event.path("_source"), "hostname", "None");
        return createAlertDict(summary, "promisc", List.of("promisc", "audit"), List.of(event), "WARNING");
    }
}
