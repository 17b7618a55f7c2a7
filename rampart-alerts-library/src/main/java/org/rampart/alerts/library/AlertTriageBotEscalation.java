package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's triagebot_escalation: a user answered "no, that was not me" to the triage bot. */
public class AlertTriageBotEscalation extends AlertTask {
    private Map<String, String> config;

    @Override
    protected void main() {
        config = parseConfig("triagebot_escalation.conf", "url", "severity");
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "triagebot"),
                new TermMatch("details.userresponse", "no"),
                new ExistsMatch("details.email"),
                new ExistsMatch("details.identifier"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = "TriageBot Escalation for event: " + text(source, "details.identifier", "None")
                + " sent to PagerDuty per 'NO' response from User: " + text(source, "details.email", "None");
        return createAlertDict(summary, "access", List.of("triagebot_escalation"), List.of(event), config.get("severity"),
                config.get("url"), null, null);
    }
}
