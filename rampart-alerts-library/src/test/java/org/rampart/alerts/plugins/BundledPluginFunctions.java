package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * The bundled alert plugins' MozDef functions, as MozDef's plugin tests call them, mapped to the port's
 * package-private equivalents with MozDef's keyword arguments and defaults. Registered for the fixture runner in
 * this module's test resources; the conformance tool gets it from this module's test jar.
 */
public final class BundledPluginFunctions implements PluginFunctions {

    @Override
    public Map<String, Function> functions() {
        return Map.of(
                "auth_sourceip_username.enrich", (in, search, clock) ->
                        AuthSourceIpUsername.enrich(alert(in), search, PluginSupport.hours(in.get("search_window_hours"), 6)),
                "dhcp_assignment.enrich", (in, search, clock) ->
                        DhcpAssignment.enrich(alert(in), search, PluginSupport.hours(in.get("search_window_hours"), 48)),
                "geomodel_ipintel_enrichment.enrich", (in, search, clock) ->
                        GeoModelIpIntelEnrichment.enrich(alert(in), in.path("intel")),
                "ipaddr.onMessage", (in, search, clock) -> IpAddr.onMessage(alert(in)),
                "ip_source_enrichment.enrich", (in, search, clock) ->
                        IpSourceEnrichment.enrich(alert(in), in.path("known_ips")),
                "port_scan_enrichment.enrich", (in, search, clock) ->
                        PortScanEnrichment.enrich(alert(in), search, PluginSupport.timedelta(in.path("search_window")),
                                in.path("max_connections").asInt(32)),
                "possible_usernames.enrich", (in, search, clock) ->
                        PossibleUsernames.enrich(alert(in), search, PluginSupport.hours(in.get("search_window_hours"), 24)),
                "possible_usernames._most_common_hostname", (in, search, clock) -> {
                    String host = PossibleUsernames.mostCommonHostname(in.has("events") ? in.get("events") : only(in));
                    return host == null ? NullNode.getInstance() : TextNode.valueOf(host);
                },
                "vpn_assignment.enrich", (in, search, clock) ->
                        VpnAssignment.enrich(alert(in), search, PluginSupport.hours(in.get("search_window_hours"), 6),
                                PluginSupport.strings(in.get("vpn_ip_cidrs"))));
    }

    private static ObjectNode alert(JsonNode inputs) {
        if (!(inputs.get("alert") instanceof ObjectNode alert)) {
            throw new IllegalArgumentException("the recorded call has no alert object among its inputs");
        }
        return alert;
    }

    /** The recorder named a single positional argument after the test's variable, not the parameter. */
    private static JsonNode only(JsonNode inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the recorded call has no events argument: " + inputs);
        }
        return inputs.elements().next();
    }
}
