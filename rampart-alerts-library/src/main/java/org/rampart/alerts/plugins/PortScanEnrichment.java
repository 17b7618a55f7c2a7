package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.rampart.event.extension.Registration;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.IndexNames;

/**
 * MozDef's {@code port_scan_enrichment}: for alerts tagged with one of {@code matchTags} it lists the
 * source's recent Bro connections ({@code category=bro, source=conn}) over {@code searchWindow} as
 * {@code details.recentconnections = [{destinationipaddress, destinationport, timestamp}]}, at most
 * {@code maxConnections}. Rampart reads the indices from {@code indicesToSearch}, the key MozDef's config
 * file has (MozDef's code read {@code searchIndices} and so searched {@code alerts}).
 */
final class PortScanEnrichment {

    private PortScanEnrichment() {}

    static ObjectNode enrich(ObjectNode alert, SearchFunction search, Duration window, int maxConnections) {
        var ip = PluginSupport.firstEventSourceIp(alert);
        var details = PluginSupport.details(alert);
        if (ip.isEmpty() || details.isEmpty()) {
            return alert;
        }
        SearchQuery query = SearchQuery.lookback(window);
        query.addMust(new TermMatch("category", "bro"), new TermMatch("source", "conn"),
                new TermMatch("details.sourceipaddress", ip.get()));
        List<Hit> hits = search.search(query).hits();
        ArrayNode connections = details.get().putArray("recentconnections");
        for (Hit hit : hits.subList(0, Math.min(Math.max(maxConnections, 0), hits.size()))) {
            ObjectNode c = connections.addObject();
            c.set("destinationipaddress", hit.source().path("details").path("destinationipaddress").deepCopy());
            c.set("destinationport", hit.source().path("details").path("destinationport").deepCopy());
            c.set("timestamp", hit.source().path("timestamp").deepCopy());
        }
        return alert;
    }

    /** {@code port_scan_enrichment}. */
    public static final class Provider implements AlertPluginProvider {
        @Override
        public String name() {
            return "port_scan_enrichment";
        }

        @Override
        public AlertPlugin create(AlertPluginContext context) {
            JsonNode c = context.config();
            List<String> indices = PluginSupport.strings(c.has("indicesToSearch") ? c.get("indicesToSearch") : c.get("searchIndices"));
            SearchFunction search = context.searchIn().apply(indices.isEmpty() ? List.of(IndexNames.EVENTS_WEEKLY) : indices);
            Duration window = c.has("searchWindow") ? PluginSupport.timedelta(c.get("searchWindow")) : Duration.ofHours(24);
            int max = c.path("maxConnections").asInt(32);
            List<String> tags = PluginSupport.strings(c.get("matchTags"));
            return new PluginSupport.BasicPlugin(name(), Registration.of(tags.isEmpty() ? List.of("portscan") : tags),
                    100, alert -> enrich(alert, search, window, max));
        }
    }
}
