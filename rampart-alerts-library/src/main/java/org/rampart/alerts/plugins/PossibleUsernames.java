package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.rampart.event.extension.Registration;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.IndexNames;

/**
 * MozDef's {@code possible_usernames} (for {@code promisckernel} alerts): takes the most common
 * {@code hostname} of the attached events, finds the sshd {@code "Accepted publickey for "} logins on
 * that host within {@code search_window_hours}, and lists their distinct {@code details.username}s as
 * {@code details.possible_usernames}, appending {@code "; Possible users: a, b"} when there are any.
 */
final class PossibleUsernames {

    private PossibleUsernames() {}

    static ObjectNode enrich(ObjectNode alert, SearchFunction search, int windowHours) {
        var details = PluginSupport.details(alert);
        String host = mostCommonHostname(alert.path("events"));
        if (details.isEmpty() || host == null) {
            return alert;
        }
        SearchQuery query = SearchQuery.hours(windowHours);
        query.addMust(new TermMatch("hostname", host), new TermMatch("details.program", "sshd"),
                new PhraseMatch("summary", "Accepted publickey for "));
        Set<String> users = new LinkedHashSet<>();
        search.search(query).hits().forEach(h -> {
            JsonNode user = h.source().path("details").path("username");
            if (user.isTextual() && !user.asText().isEmpty()) {
                users.add(user.asText());
            }
        });
        ArrayNode list = details.get().putArray("possible_usernames");
        users.forEach(list::add);
        if (!users.isEmpty()) {
            PluginSupport.appendSummary(alert, "Possible users: " + String.join(", ", users));
        }
        return alert;
    }

    /**
     * MozDef's {@code _most_common_hostname}: the most common {@code documentsource.hostname} of an alert's events,
     * ties to the first seen (Python's {@code Counter.most_common}); null when none has one.
     */
    static String mostCommonHostname(JsonNode events) {
        Map<String, Integer> hosts = new LinkedHashMap<>();
        for (JsonNode event : events) {
            JsonNode host = event.path("documentsource").path("hostname");
            if (host.isTextual() && !host.asText().isEmpty()) {
                hosts.merge(host.asText(), 1, Integer::sum);
            }
        }
        return hosts.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
                .map(Map.Entry::getKey).orElse(null);
    }

    /** {@code possible_usernames}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "possible_usernames";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            SearchFunction search = PluginSupport.searchIn(context, IndexNames.EVENTS_PATTERN);
            int hours = PluginSupport.hours(c.get("search_window_hours"), 24);
            return new PluginSupport.BasicPlugin(name(), Registration.of("promisckernel"), 100,
                    alert -> enrich(alert, search, hours));
        }
    }
}
