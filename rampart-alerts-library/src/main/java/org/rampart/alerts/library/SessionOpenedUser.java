package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.event.Timestamps;
import org.rampart.query.BooleanMatch;
import org.rampart.query.Match;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.RangeMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's session_opened_sensitive_user: an SSH session opened for a sensitive user ({@code critical_users.json})
 * outside the daily windows when such logins are expected.
 */
public class SessionOpenedUser extends AlertTask {

    @Override
    protected void main() {
        JsonNode config = parseJsonAlertConfig("critical_users.json");
        SearchQuery query = SearchQuery.minutes(10);
        query.addMust(
                new TermMatch("category", "syslog"),
                new TermMatch("details.program", "sshd"),
                new QueryStringMatch("summary:\"session opened\""));
        // MozDef builds the expected periods from today's date in the host's local time; Rampart's clock is UTC.
        ZonedDateTime today = now().atZone(ZoneOffset.UTC);
        for (JsonNode period : config.path("scan_expected")) {
            ZonedDateTime start = today.withHour(field(period, "start_hour")).withMinute(field(period, "start_minute"))
                    .withSecond(field(period, "start_second"));
            ZonedDateTime end = today.withHour(field(period, "end_hour")).withMinute(field(period, "end_minute"))
                    .withSecond(field(period, "end_second"));
            query.addMustNot(new RangeMatch("utctimestamp", Timestamps.isoformat(start.toInstant()),
                    Timestamps.isoformat(end.toInstant())));
        }
        List<Match> users = new ArrayList<>();
        config.path("users").forEach(user -> users.add(new PhraseMatch("summary", user.asText())));
        query.addMust(new BooleanMatch(List.of(), List.of(), users));
        filtersManual(query);
        searchEventsAggregated("details.program", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String summary = "Session opened by a sensitive user outside of the expected window - sample hosts: "
                + String.join(" ", Summaries.sortedUnique(aggregation.events(), "hostname"))
                + " [total " + aggregation.count() + " hosts]";
        return createAlertDict(summary, "session", List.of("pam", "syslog"), aggregation.events(), "WARNING");
    }

    private static int field(JsonNode period, String name) {
        return Options.integer(name, period.path(name).asText());
    }
}
