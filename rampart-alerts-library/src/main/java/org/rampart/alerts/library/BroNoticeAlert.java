package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's Bro notice alerts (bugzilla, HTTP auth bruteforce, HTTP errors, SSH password guessing): one alert per
 * Bro notice with the given note in the last 15 minutes, summarised as {@code {hostname} {summary}}, with the
 * {@code url} of the alert's config file.
 */
abstract class BroNoticeAlert extends AlertTask {
    private final String configFile;
    private final String note;
    private final String category;
    private final List<String> tags;
    private final String fixedSeverity;
    private String url;
    private String severity;

    /** @param fixedSeverity the alert's severity, or null to read it from the config key {@code severity} */
    BroNoticeAlert(String configFile, String note, String category, List<String> tags, String fixedSeverity) {
        this.configFile = configFile;
        this.note = note;
        this.category = category;
        this.tags = tags;
        this.fixedSeverity = fixedSeverity;
    }

    @Override
    protected void main() {
        Map<String, String> config = fixedSeverity == null ? parseConfig(configFile, "url", "severity")
                : parseConfig(configFile, "url");
        url = config.get("url");
        severity = fixedSeverity == null ? config.get("severity") : fixedSeverity;
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "bro"),
                new TermMatch("source", "notice"),
                new PhraseMatch("details.note", note));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = text(source, "hostname", "None") + " " + text(source, "summary", "None");
        return createAlertDict(summary, category, tags, List.of(event), severity, url, null, null);
    }
}
