package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.DeadmanAlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's deadman ({@code broNSM}): a Bro sensor sent no heartbeat notice in the last 20 minutes. */
public class BroNSM extends DeadmanAlertTask {
    private Map<String, String> config;
    private String host;

    @Override
    public String classname() {
        return "broNSM";
    }

    @Override
    protected void main() {
        config = parseConfig("deadman.conf", "url", "hosts", "severity");
        for (String configured : Options.commaList(config.get("hosts"))) {
            host = configured;
            SearchQuery query = SearchQuery.minutes(20);
            query.addMust(
                    new PhraseMatch("details.note", "MozillaAlive::Bro_Is_Watching_You"),
                    new PhraseMatch("hostname", host),
                    new TermMatch("category", "bro"),
                    new TermMatch("source", "notice"));
            filtersManual(query);
            searchEventsSimple();
            walkEvents();
        }
    }

    @Override
    protected ObjectNode onNoEvent() {
        String summary = "No " + host + " bro healthcheck events found the past 20 minutes";
        return createAlertDict(summary, "deadman", List.of("bro", "bro_deadman"), List.of(), config.get("severity"),
                config.get("url"), null, null);
    }
}
