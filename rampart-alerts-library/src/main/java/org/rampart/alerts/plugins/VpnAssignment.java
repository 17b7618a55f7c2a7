package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;
import org.rampart.event.extension.Registration;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's {@code vpn_assignment}: when {@code details.sourceipaddress} is a VPN address (in one of
 * {@code vpn_ip_cidrs}), the newest successful netfilter VPN connection that handed out that address
 * gives {@code details.vpnassignment{username, originalip}}. Searches within {@code search_window_hours}
 * (MozDef's lookup was unbounded through a bug).
 */
final class VpnAssignment {

    private VpnAssignment() {}

    static ObjectNode enrich(ObjectNode alert, SearchFunction search, int windowHours, List<String> vpnCidrs) {
        JsonNode ip = alert.path("details").path("sourceipaddress");
        var address = ip.isTextual() ? IpAddresses.address(ip.asText()) : null;
        if (address == null || vpnCidrs.stream().map(Cidr::parse).noneMatch(c -> IpSourceEnrichment.contains(c, address))) {
            return alert;
        }
        SearchQuery query = SearchQuery.hours(windowHours);
        query.addMust(new TermMatch("tags", "vpn"), new TermMatch("tags", "netfilter"),
                new TermMatch("details.success", "true"), new TermMatch("details.vpnip", ip.asText()),
                new PhraseMatch("summary", "netfilter add upon connection"));
        PluginSupport.newest(search.search(query).hits(), "utctimestamp").ifPresent(hit -> {
            ObjectNode assignment = ((ObjectNode) alert.get("details")).putObject("vpnassignment");
            assignment.set("username", hit.source().path("details").path("username").deepCopy());
            assignment.set("originalip", hit.source().path("details").path("sourceipaddress").deepCopy());
        });
        return alert;
    }

    /** {@code vpn_assignment}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "vpn_assignment";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            SearchFunction search = PluginSupport.searchIn(context, "events");
            int hours = PluginSupport.hours(c.get("search_window_hours"), 6);
            List<String> cidrs = PluginSupport.strings(c.get("vpn_ip_cidrs"));
            cidrs.forEach(Cidr::parse);
            return new PluginSupport.BasicPlugin(name(), Registration.ALL, 100, alert -> enrich(alert, search, hours, cidrs));
        }
    }
}
