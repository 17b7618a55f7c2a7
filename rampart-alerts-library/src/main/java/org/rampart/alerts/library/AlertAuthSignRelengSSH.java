package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.alerts.AlertTask;
import org.rampart.query.BooleanMatch;
import org.rampart.query.Match;
import org.rampart.query.PhraseMatch;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's ssh_access_signreleng: any SSH login to a release-signing host, sent to a chat channel. */
public class AlertAuthSignRelengSSH extends AlertTask {
    private static final Pattern USER = Pattern.compile("Accepted (?:publickey|keyboard-interactive/pam) for ([A-Za-z0-9]+) from");
    private String channel;

    @Override
    protected void main() {
        JsonNode config = parseJsonAlertConfig("ssh_access_signreleng.json");
        channel = config.path("channel").asText("");
        if (channel.isEmpty()) {
            channel = null;
        }
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("tags", "releng"),
                new TermMatch("details.program", "sshd"),
                new QueryStringMatch("hostname: /" + config.path("hostfilter").asText() + "/"),
                BooleanMatch.anyOf(
                        new PhraseMatch("summary", "Accepted publickey for "),
                        new PhraseMatch("summary", "Accepted keyboard-interactive/pam for ")));
        for (JsonNode exclusion : config.path("exclusions")) {
            List<Match> all = new ArrayList<>();
            exclusion.properties().forEach(e -> all.add(new PhraseMatch(e.getKey(), e.getValue().asText())));
            if (!all.isEmpty()) {
                query.addMustNot(new BooleanMatch(all, List.of(), List.of()));
            }
        }
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        JsonNode source = event.path("_source");
        Matcher m = USER.matcher(text(source, "summary", ""));
        // Found anywhere: sshd summaries often start with a process id or a syslog prefix.
        String user = m.find() ? m.group(1) : "unknown";
        String summary = "SSH login from " + text(source, "details.sourceipaddress", "unknown") + " on "
                + text(source, "hostname", "unknown") + " as user " + user;
        return createAlertDict(summary, "access", List.of("ssh"), List.of(event), "NOTICE", null, channel, null);
    }
}
