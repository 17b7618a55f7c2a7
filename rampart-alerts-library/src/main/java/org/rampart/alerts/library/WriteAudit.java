package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's write_audit: repeated writes to audited paths by one user (expected users are only NOTICE). */
public class WriteAudit extends AlertTask {
    private Map<String, String> config;

    @Override
    protected void main() {
        config = parseConfig("write_audit.conf", "skipprocess", "expectedusers");
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(new TermMatch("category", "write"), new TermMatch("details.auditkey", "audit"));
        for (String process : Options.words(config.get("skipprocess"))) {
            query.addMustNot(new PhraseMatch("details.processname", process));
        }
        filtersManual(query);
        searchEventsAggregated("details.originaluser", 10);
        walkAggregations(2);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        Set<String> paths = new LinkedHashSet<>();
        for (ObjectNode event : aggregation.events()) {
            String[] words = text(event.path("_source"), "summary", "").split(" ", -1);
            if (words.length > 1) {
                paths.add(words[1]);
            }
        }
        String summary = aggregation.count() + " Filesystem write(s) to an auditd path (" + String.join(", ", paths)
                + ") by " + String.join(", ", Summaries.unique(aggregation.events(), "details.user"))
                + " (" + aggregation.value() + ")";
        String severity = List.of(config.get("expectedusers").split(" ", -1)).contains(aggregation.value()) ? "NOTICE" : "WARNING";
        List<Map.Entry<String, Integer>> hosts = mostCommon(aggregation.allevents(), "_source.hostname");
        if (hosts.size() > 1) {
            StringBuilder more = new StringBuilder(summary);
            hosts.stream().limit(5).forEach(h -> more.append(" on ").append(h.getKey()).append(" (").append(h.getValue()).append(" hosts)"));
            summary = more.toString();
        }
        return createAlertDict(summary, "write", List.of("audit"), aggregation.events(), severity);
    }
}
