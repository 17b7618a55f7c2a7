package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.rampart.event.extension.Registration;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

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
        Map<String, Integer> hosts = new LinkedHashMap<>();
        for (JsonNode event : alert.path("events")) {
            JsonNode host = event.path("documentsource").path("hostname");
            if (host.isTextual() && !host.asText().isEmpty()) {
                hosts.merge(host.asText(), 1, Integer::sum);
            }
        }
        if (details.isEmpty() || hosts.isEmpty()) {
            return alert;
        }
        // Ties keep the first-seen host, as Python's Counter.most_common does.
        String host = hosts.entrySet().stream().reduce((a, b) -> b.getValue() > a.getValue() ? b : a).orElseThrow().getKey();
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

    /** {@code possible_usernames}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "possible_usernames";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            SearchFunction search = PluginSupport.searchIn(context, "events-*");
            int hours = PluginSupport.hours(c.get("search_window_hours"), 24);
            return new PluginSupport.BasicPlugin(name(), Registration.of("promisckernel"), 100,
                    alert -> enrich(alert, search, hours));
        }

        @Override
        public ObjectNode call(String function, ObjectNode alert, JsonNode arguments, SearchFunction search, Clock clock) {
            if (!function.equals("enrich")) {
                throw PluginSupport.noSuchFunction(name(), function);
            }
            return enrich(alert, search, PluginSupport.hours(arguments.get("search_window_hours"), 24));
        }
    }
}
