package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's nsm_scan_* alerts: Bro scan notices from source addresses inside {@code sourcemustmatch} and outside
 * {@code sourcemustnotmatch} (Lucene ranges / OR lists from the alert's JSON config), one alert per source.
 */
abstract class NsmScanAlert extends AlertTask {
    private final String configFile;
    private final String note;
    private final int windowMinutes;
    private final String severity;
    private final String tag;

    NsmScanAlert(String configFile, String note, int windowMinutes, String severity, String tag) {
        this.configFile = configFile;
        this.note = note;
        this.windowMinutes = windowMinutes;
        this.severity = severity;
        this.tag = tag;
    }

    /** The summary for the scanning address, or the whole summary when the first sample has no indicators. */
    abstract String summary(String sourceip);

    /** Extra exclusions the scan type adds from its config. */
    void addExclusions(SearchQuery query, JsonNode config) {
    }

    @Override
    protected void main() {
        JsonNode config = parseJsonAlertConfig(configFile);
        SearchQuery query = SearchQuery.minutes(windowMinutes);
        query.addMust(
                new TermMatch("category", "bro"),
                new TermMatch("source", "notice"),
                new PhraseMatch("details.note", note),
                new QueryStringMatch("details.sourceipaddress: " + config.path("sourcemustmatch").asText()));
        query.addMustNot(new QueryStringMatch("details.sourceipaddress: " + config.path("sourcemustnotmatch").asText()));
        addExclusions(query, config);
        filtersManual(query);
        searchEventsAggregated("details.sourceipaddress", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        JsonNode first = aggregation.events().get(0).path("_source");
        String sourceip = getValueByPath(first, "details.indicators").isMissingNode() ? null
                : text(first, "details.sourceipaddress", "None");
        String summary = summary(sourceip);
        if (summary == null) {
            return null;
        }
        return createAlertDict(summary, "nsm", List.of("nsm", "bro", tag), aggregation.events(), severity);
    }
}
