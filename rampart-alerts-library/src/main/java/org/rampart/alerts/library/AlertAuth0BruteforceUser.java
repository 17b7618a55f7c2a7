package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's auth0_bruteforce_user: repeated wrong-password logins against one Auth0 user. */
public class AlertAuth0BruteforceUser extends AlertTask {
    private Map<String, String> config;

    @Override
    protected void main() {
        config = parseConfig("auth0_bruteforce_user.conf", "threshold_count", "search_depth_min", "severity");
        SearchQuery query = SearchQuery.minutes(Options.integer("search_depth_min", config.get("search_depth_min")));
        query.addMustNot(new TermMatch("details.username", ""));
        query.addMust(new TermMatch("tags", "auth0"), new TermMatch("details.eventname", "Failed Login (wrong password)"));
        filtersManual(query);
        searchEventsAggregated("details.username", 10);
        walkAggregations(Options.integer("threshold_count", config.get("threshold_count")));
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "Auth0 Username/Password Bruteforce Attack in Progress against user (" + aggregation.value()
                + ") from the following source ip(s): "
                + Summaries.firstTenSorted(aggregation.allevents(), "details.sourceipaddress");
        return createAlertDict(summary, "bruteforce", List.of("auth0"), aggregation.events(), config.get("severity"));
    }
}
