package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rampart.event.Json;
import org.rampart.event.extension.Registration;

/**
 * MozDef's {@code geomodel_ipintel_enrichment}: looks the geomodel alert's hop addresses up in an intel
 * file ({@code {ip: {classification: score}}}), adds {@code details.ipintel=[{ip, classification,
 * threatscore}]} and appends {@code "; Tor nodes detected: ..."} and {@code "; VPNs detected: ..."}.
 */
final class GeoModelIpIntelEnrichment {

    private GeoModelIpIntelEnrichment() {}

    static ObjectNode enrich(ObjectNode alert, JsonNode intel) {
        var details = PluginSupport.details(alert);
        if (details.isEmpty()) {
            return alert;
        }
        Set<String> ips = new LinkedHashSet<>();
        for (JsonNode hop : alert.path("details").path("hops")) {
            for (String end : List.of("origin", "destination")) {
                JsonNode ip = hop.path(end).path("ip");
                if (ip.isTextual()) {
                    ips.add(ip.asText());
                }
            }
        }
        ArrayNode found = details.get().putArray("ipintel");
        List<String> tor = new ArrayList<>();
        List<String> vpn = new ArrayList<>();
        for (String ip : ips) {
            for (var entry : intel.path(ip).properties()) {
                found.addObject().put("ip", ip).put("classification", entry.getKey()).set("threatscore", entry.getValue());
                if (entry.getKey().equals("TorNode")) {
                    tor.add(ip);
                } else if (entry.getKey().equals("VPN")) {
                    vpn.add(ip);
                }
            }
        }
        if (!tor.isEmpty()) {
            PluginSupport.appendSummary(alert, "Tor nodes detected: " + String.join(", ", tor));
        }
        if (!vpn.isEmpty()) {
            PluginSupport.appendSummary(alert, "VPNs detected: " + String.join(", ", vpn));
        }
        return alert;
    }

    /** {@code geomodel_ipintel_enrichment}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "geomodel_ipintel_enrichment";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            String path = c.path("intel_file_path").asText("");
            JsonNode intel;
            try {
                intel = path.isEmpty() ? Json.object() : Json.MAPPER.readTree(Files.readAllBytes(Path.of(path)));
            } catch (IOException e) {
                throw new IllegalArgumentException("geomodel_ipintel_enrichment: cannot read intel_file_path " + path
                        + ": " + e.getMessage(), e);
            }
            List<String> tags = PluginSupport.strings(c.get("match_tag"));
            return new PluginSupport.BasicPlugin(name(), Registration.of(tags.isEmpty() ? List.of("geomodel") : tags),
                    100, alert -> enrich(alert, intel));
        }
    }
}
