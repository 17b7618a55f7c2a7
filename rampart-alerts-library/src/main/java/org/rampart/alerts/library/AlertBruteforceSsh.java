package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;

/** MozDef's bruteforce_ssh: ten or more failed sshd logins from one source address in two minutes. */
public class AlertBruteforceSsh extends AlertTask {

    @Override
    protected void main() {
        Map<String, String> config = parseConfig("bruteforce_ssh.conf", "skiphosts");
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new PhraseMatch("summary", "failed"),
                new TermMatch("details.program", "sshd"),
                new TermsMatch("summary", List.of("login", "invalid", "ldap_count_entries", "publickey", "keyboard")));
        for (String ip : Options.words(config.get("skiphosts"))) {
            query.addMustNot(new PhraseMatch("summary", ip));
        }
        filtersManual(query);
        searchEventsAggregated("details.sourceipaddress", 10);
        walkAggregations(10);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        StringBuilder summary = new StringBuilder(aggregation.count() + " ssh bruteforce attempts by " + aggregation.value());
        mostCommon(aggregation.allevents(), "_source.hostname").stream().limit(5)
                .forEach(host -> summary.append(' ').append(host.getKey()).append(" (").append(host.getValue()).append(" hits)"));
        return createAlertDict(summary.toString(), "bruteforce", List.of("ssh"), aggregation.events(), "NOTICE");
    }
}
