package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's auditd_sftp: an SFTP session seen by auditd. */
public class AlertSFTPEvent extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(5);
        query.addMust(
                new TermMatch("category", "execve"),
                new TermMatch("processname", "audisp-json"),
                new TermMatch("details.processname", "ssh"),
                new PhraseMatch("details.parentprocess", "sftp"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        String summary = "SFTP Event by " + text(source, "details.originaluser", "unknown")
                + " from host " + text(source, "hostname", "unknown")
                + " in directory " + text(source, "details.cwd", "unknown");
        return createAlertDict(summary, "execve", List.of("audisp-json, audit"), List.of(event), "NOTICE");
    }
}
