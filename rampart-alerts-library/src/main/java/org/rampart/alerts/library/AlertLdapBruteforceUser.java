package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's ldap_bruteforce_user: repeated invalid-credential binds against one LDAP user. */
public class AlertLdapBruteforceUser extends AlertTask {

    @Override
    protected void main() {
        Map<String, String> config = parseConfig("ldap_bruteforce_user.conf",
                "threshold_count", "search_depth_min", "host_exclusions");
        SearchQuery query = SearchQuery.minutes(Options.integer("search_depth_min", config.get("search_depth_min")));
        query.addMust(new TermMatch("category", "ldap"), new TermMatch("details.response.error", "LDAP_INVALID_CREDENTIALS"));
        query.addMustNot(new TermMatch("details.user", ""));
        for (String host : Options.commaList(config.get("host_exclusions"))) {
            query.addMustNot(new TermMatch("details.server", host));
        }
        filtersManual(query);
        searchEventsAggregated("details.user", 10);
        walkAggregations(Options.integer("threshold_count", config.get("threshold_count")));
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "LDAP Bruteforce Attack in Progress against user (" + aggregation.value()
                + ") from the following source ip(s): " + Summaries.firstTenSorted(aggregation.allevents(), "details.client");
        return createAlertDict(summary, "bruteforce", List.of("ldap"), aggregation.events(), "WARNING");
    }
}
