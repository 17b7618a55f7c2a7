package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rampart.alerts.DeadmanAlertTask;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.IndexNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's deadman_generic: for each entry of {@code deadman_generic.json}, an alert when its Lucene query matched
 * nothing in its time window over the last week of events. A broken entry is logged and the others still run.
 */
public class AlertDeadmanGeneric extends DeadmanAlertTask {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDeadmanGeneric.class);
    private String severity;
    private JsonNode entry;

    @Override
    protected void main() {
        JsonNode config = parseJsonAlertConfig("deadman_generic.json");
        severity = config.path("severity").asText();
        setEventIndices(List.of(IndexNames.EVENTS_WEEKLY));
        for (JsonNode each : config.path("alerts")) {
            entry = each;
            try {
                SearchQuery query = SearchQuery.lookback(window(each));
                query.addMust(new QueryStringMatch(each.path("search_query").asText()));
                filtersManual(query);
                searchEventsSimple();
                walkEvents();
            } catch (RuntimeException e) {
                LOG.error("deadman_generic entry '{}' failed", each.path("description").asText(), e);
            }
        }
    }

    @Override
    protected ObjectNode onNoEvent() {
        List<String> tags = new ArrayList<>(List.of("deadman"));
        entry.path("tags").forEach(tag -> tags.add(tag.asText()));
        String summary = "Deadman check failed for '" + entry.path("description").asText() + "' the past "
                + entry.path("time_window").asText() + " " + entry.path("time_window_type").asText();
        return createAlertDict(summary, "deadman", tags, List.of(), severity);
    }

    /** Python's {@code timedelta(**{time_window_type: int(time_window)})}. */
    private static Duration window(JsonNode entry) {
        long amount = Options.integer("time_window", entry.path("time_window").asText());
        return switch (entry.path("time_window_type").asText()) {
            case "seconds" -> Duration.ofSeconds(amount);
            case "minutes" -> Duration.ofMinutes(amount);
            case "hours" -> Duration.ofHours(amount);
            case "days" -> Duration.ofDays(amount);
            case "weeks" -> Duration.ofDays(7 * amount);
            default -> throw new IllegalStateException("deadman_generic: time_window_type must be seconds, minutes,"
                    + " hours, days or weeks, got '" + entry.path("time_window_type").asText() + "'");
        };
    }
}
