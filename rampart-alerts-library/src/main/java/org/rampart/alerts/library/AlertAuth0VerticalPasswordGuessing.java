package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's auth0_vertical_password_guessing: wrong passwords tried against many Auth0 users. */
public class AlertAuth0VerticalPasswordGuessing extends AlertTask {
    private Map<String, String> config;

    @Override
    protected void main() {
        config = parseConfig("auth0_vertical_password_guessing.conf",
                "threshold_count", "search_depth_min", "user_count", "severity");
        SearchQuery query = SearchQuery.minutes(Options.integer("search_depth_min", config.get("search_depth_min")));
        query.addMustNot(new TermMatch("details.username", ""));
        query.addMust(
                new TermMatch("tags", "auth0"),
                new TermMatch("details.eventname", "Failed Login (wrong password)"),
                new TermMatch("details.description", "Wrong email or password."));
        filtersManual(query);
        searchEventsAggregated("details.eventname", 10);
        walkAggregations(Options.integer("threshold_count", config.get("threshold_count")));
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        int users = Summaries.unique(aggregation.allevents(), "details.username").size();
        if (users < Options.integer("user_count", config.get("user_count"))) {
            return null;
        }
        int ips = Summaries.unique(aggregation.allevents(), "details.sourceipaddress").size();
        String summary = "Auth0 Username/Password Vertical Password Guessing Attack in Progress against " + users
                + " users from " + ips + " unique source ip(s)";
        return createAlertDict(summary, "bruteforce", List.of("auth0"), aggregation.events(), config.get("severity"));
    }
}
