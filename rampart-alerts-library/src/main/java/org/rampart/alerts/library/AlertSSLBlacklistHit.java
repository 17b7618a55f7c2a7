package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's ssl_blacklist_hit: Bro intel matched a certificate on abuse.ch's SSL blacklist. */
public class AlertSSLBlacklistHit extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("eventsource", "nsm"),
                new TermMatch("category", "brointel"),
                new TermMatch("details.sources", "abuse.ch SSLBL"),
                new ExistsMatch("details.sourceipaddress"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = text(source, "hostname", "None") + " " + text(source, "summary", "None");
        return createAlertDict(summary, "correlatedalerts", List.of("nsm,bro,correlated"), List.of(event), "NOTICE");
    }
}
