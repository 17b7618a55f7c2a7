package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.ExistsMatch;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's duo_authfail: a user marked a Duo push as fraud. */
public class AlertDuoAuthFail extends AlertTask {
    private String url;

    @Override
    protected void main() {
        url = parseConfig("duo_authfail.conf", "url").get("url");
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "authentication"),
                new ExistsMatch("details.sourceipaddress"),
                new ExistsMatch("details.username"),
                new PhraseMatch("details.result", "fraud"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = "Duo Authentication Failure: user " + text(source, "details.username", "unknown")
                + " rejected and marked a Duo Authentication attempt from "
                + text(source, "details.sourceipaddress", "unknown") + " as fraud";
        return createAlertDict(summary, "duosecurity", List.of("duosecurity", "duosecurity_auth_fail"), List.of(event),
                "WARNING", url, null, null);
    }
}
