package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.rampart.event.extension.Registration;
import org.rampart.query.Hit;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.IndexNames;

/**
 * MozDef's {@code dhcp_assignment}: for port-scan alerts, finds who held the scanning IP. The newest
 * DHCP assignment of the IP ({@code source=dhcp, details.assigned_addr=ip}, newest by {@code details.ts})
 * gives the MAC; the newest {@code source:local1} event naming that MAC gives the user from its
 * {@code k=v,...} summary ({@code user_name}). Adds {@code details.ipassignment{mac, user}},
 * {@code details.username} and {@code "; IP assigned to USER (MAC)"} to the summary.
 *
 * <p>Rampart searches within {@code search_window_hours}; MozDef meant to, but a bug made its lookups
 * unbounded in time.
 */
final class DhcpAssignment {

    private DhcpAssignment() {}

    static ObjectNode enrich(ObjectNode alert, SearchFunction search, int windowHours) {
        var ip = PluginSupport.firstEventSourceIp(alert);
        var details = PluginSupport.details(alert);
        if (ip.isEmpty() || details.isEmpty()) {
            return alert;
        }
        SearchQuery dhcp = SearchQuery.hours(windowHours);
        dhcp.addMust(new TermMatch("source", "dhcp"), new TermMatch("details.assigned_addr", ip.get()));
        Optional<Hit> assignment = PluginSupport.newest(search.search(dhcp).hits(), "details", "ts");
        String mac = assignment.map(h -> h.source().path("details").path("mac").asText("")).orElse("");
        if (mac.isEmpty()) {
            return alert;
        }
        SearchQuery syslog = SearchQuery.hours(windowHours);
        syslog.addMust(new QueryStringMatch("source:local1 AND \"" + mac.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        Optional<String> user = PluginSupport.newest(search.search(syslog).hits(), "receivedtimestamp")
                .flatMap(h -> field(h.source().path("summary").asText(""), "user_name"));
        ObjectNode assigned = details.get().putObject("ipassignment");
        assigned.put("mac", mac);
        if (user.isPresent()) {
            assigned.put("user", user.get());
            details.get().put("username", user.get());
            PluginSupport.appendSummary(alert, "IP assigned to " + user.get() + " (" + mac + ")");
        } else {
            assigned.putNull("user");
            PluginSupport.appendSummary(alert, "IP assigned to unknown user (" + mac + ")");
        }
        return alert;
    }

    /** The value of {@code key} in a {@code k=v,k=v} summary. */
    static Optional<String> field(String summary, String key) {
        for (String pair : summary.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(key)) {
                String value = pair.substring(eq + 1).trim();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** {@code dhcp_assignment}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "dhcp_assignment";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            SearchFunction search = PluginSupport.searchIn(context, IndexNames.EVENTS_PATTERN);
            int hours = PluginSupport.hours(c.get("search_window_hours"), 48);
            return new PluginSupport.BasicPlugin(name(), Registration.of("portscan"), 100,
                    alert -> enrich(alert, search, hours));
        }
    }
}
