package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;

/** MozDef's ssh_access: an SSH login from one of the watched source addresses. */
public class AlertSSHAccess extends AlertTask {

    @Override
    protected void main() {
        List<String> watched = new ArrayList<>();
        parseJsonAlertConfig("ssh_access.json").path("watchlist").forEach(w -> watched.add(w.path("ipaddress").asText()));
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "syslog"),
                new TermMatch("details.program", "sshd"),
                new PhraseMatch("summary", "Accepted publickey for "),
                new TermsMatch("details.sourceipaddress", watched));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = "SSH login from " + text(source, "details.sourceipaddress", "None") + " on "
                + text(source, "hostname", "None") + " as user " + text(source, "details.username", "UNKNOWN");
        return createAlertDict(summary, "access", List.of("ssh"), List.of(event), "CRITICAL");
    }
}
