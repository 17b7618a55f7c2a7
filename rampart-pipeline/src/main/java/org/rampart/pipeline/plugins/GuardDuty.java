package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's guardDuty: turns an AWS GuardDuty finding (one event per probe or API call, from the GuardDuty worker)
 * into a new {@code guardduty} event whose details are picked from the finding by {@code guardduty_mapping.yml} for
 * its finding type, with UTC dates, flattened AWS tags and source/destination addresses filled from the instance.
 */
public final class GuardDuty implements EventPlugin {
    static final String MAPPING = "guardduty_mapping.yml";
    private static final List<String> DATES = List.of(
            "gdeventcreatedts", "gdeventupdatedts", "gdeventfirstseents", "gdeventlastseents");
    /** Brute-force findings whose OUTBOUND direction means the instance is the attacker. */
    private static final Set<String> BRUTE_FORCE = Set.of(
            "UnauthorizedAccess:EC2/SSHBruteForce", "UnauthorizedAccess:EC2/RDPBruteForce");

    private MappingTable mapping = MappingTable.load(null, MAPPING);

    @Override
    public List<String> registration() {
        return List.of("guardduty");
    }

    @Override
    public int priority() {
        return 3;
    }

    @Override
    public String name() {
        return "guardDuty";
    }

    @Override
    public void configure(PluginContext context) {
        mapping = MappingTable.load(context, MAPPING);
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        ObjectNode finding = Fields.object(event, "details");
        if (!"guardduty".equals(Events.text(event, "source")) || finding == null) {
            return event;
        }
        // Work on a copy: the instance's first network interface stands in for the list, as in MozDef.
        ObjectNode message = event.deepCopy();
        finding = (ObjectNode) message.get("details");
        ObjectNode instance = Fields.object(Fields.object(finding, "resource"), "instanceDetails");
        if (instance != null && instance.path("networkInterfaces").isArray()) {
            JsonNode first = instance.get("networkInterfaces").get(0);
            instance.set("networkInterfaces", first == null ? Json.object() : first);
        }

        ObjectNode out = Json.object();
        for (String field : List.of("receivedtimestamp", "timestamp", "utctimestamp", "mozdefhostname")) {
            if (message.has(field)) {
                out.set(field, message.get(field));
            }
        }
        out.set("tags", Fields.list(message.get("tags")));
        ((ArrayNode) out.get("tags")).insert(0, "guardduty").insert(0, "aws");
        out.put("category", "guardduty");
        out.put("source", "guardduty");
        out.put("customendpoint", "");
        ObjectNode details = Json.object();
        out.set("details", details);
        JsonNode findingDetail = finding.path("finding");
        details.put("type", findingDetail.path("action").path("actionType").asText("").toLowerCase(Locale.ROOT));
        String type = Events.text(finding, "type");
        details.put("finding", type);
        if (finding.has("title")) {
            out.set("summary", finding.get("title"));
        }
        details.put("resourcerole", findingDetail.path("resourceRole").asText("").toLowerCase(Locale.ROOT));

        if (mapping.has(type)) {
            mapping.apply(type, message, details);
        }
        for (String field : DATES) {
            Instant t = Timestamps.parse(details.get(field), clock);
            if (t != null) {
                details.put(field, Timestamps.isoformat(t));
            }
        }
        ObjectNode misc = Fields.object(details, "miscinfo");
        if (misc != null && misc.has("domain")) {
            details.set("query", misc.get("domain"));
        }
        JsonNode tags = details.remove("tags");
        if (tags != null && tags.isArray()) {
            ArrayNode awstags = details.putArray("awstags");
            // Every value of every {key, value} pair, in the pair's own order, as MozDef flattens them.
            tags.forEach(tag -> tag.forEach(v -> awstags.add(PyText.str(v).toLowerCase(Locale.ROOT))));
        }
        Fields.fallback(details, "direction", "INBOUND");
        String direction = Events.text(details, "direction");
        if ("OUTBOUND".equals(direction) && BRUTE_FORCE.contains(type)) {
            JsonNode source = details.remove("sourceipaddress");
            JsonNode destination = details.remove("destinationipaddress");
            if (destination != null) {
                details.set("sourceipaddress", destination);
            }
            if (source != null) {
                details.set("destinationipaddress", source);
            }
            details.remove("sourceport");
            details.remove("destinationport");
        }
        if (details.has("publicip")) {
            String side = "OUTBOUND".equals(direction) ? "sourceipaddress" : "destinationipaddress";
            if (!details.has(side)) {
                details.set(side, details.get("publicip"));
            }
        }
        if (details.hasNonNull("publicdnsname")) {
            out.set("hostname", details.get("publicdnsname"));
        } else if (details.hasNonNull("privatednsname")) {
            out.set("hostname", details.get("privatednsname"));
        }
        return out;
    }
}
