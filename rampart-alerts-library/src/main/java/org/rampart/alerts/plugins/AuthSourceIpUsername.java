package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.extension.Registration;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's {@code auth_sourceip_username}: the newest successful auth0 login from the alert's
 * {@code details.sourceipaddress} that names a user sets {@code details.username}. Rampart searches
 * within {@code search_window_hours} (MozDef's lookup was unbounded through a bug).
 */
final class AuthSourceIpUsername {

    private AuthSourceIpUsername() {}

    static ObjectNode enrich(ObjectNode alert, SearchFunction search, int windowHours) {
        JsonNode ip = alert.path("details").path("sourceipaddress");
        if (!ip.isValueNode() || ip.isNull() || ip.asText().isEmpty()) {
            return alert;
        }
        SearchQuery query = SearchQuery.hours(windowHours);
        query.addMust(new TermMatch("tags", "auth0"), new TermMatch("details.success", "true"),
                new TermMatch("details.sourceipaddress", ip.asText()), new ExistsMatch("details.username"));
        PluginSupport.newest(search.search(query).hits(), "utctimestamp")
                .map(h -> h.source().path("details").path("username"))
                .filter(u -> u.isValueNode() && !u.isNull())
                .ifPresent(u -> ((ObjectNode) alert.get("details")).put("username", u.asText()));
        return alert;
    }

    /** {@code auth_sourceip_username}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "auth_sourceip_username";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            SearchFunction search = PluginSupport.searchIn(context, "events");
            int hours = PluginSupport.hours(c.get("search_window_hours"), 6);
            List<String> tags = PluginSupport.strings(c.get("match_tag"));
            return new PluginSupport.BasicPlugin(name(), Registration.of(tags.isEmpty() ? List.of("*") : tags), 100,
                    alert -> enrich(alert, search, hours));
        }
    }
}
