package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's ipFixup: keeps {@code details.sourceipaddress}/{@code destinationipaddress} IPv4 (an IPv6 value moves
 * to {@code *ipv6address}, a host name to {@code details.source}/{@code destination}), copies IPv4 values to
 * {@code *ipv4address}, and fills them from X-Forwarded-For, cluster_client_ip, src/srcip and dst/dstip.
 */
public final class IpFixup implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("sourceipaddress", "destinationipaddress", "src", "dst", "srcip", "dstip",
                "http_x_forwarded_for");
    }

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public String name() {
        return "ipFixup";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        ObjectNode details = Events.details(event);
        if (details == null) {
            return event;
        }
        String forwarded = Events.text(details, "http_x_forwarded_for");
        if (forwarded != null) {
            // A comma separated list of addresses with the original client first.
            String client = forwarded.split(",", -1)[0];
            if (IpAddresses.isIPv4(client)) {
                putIfAbsent(details, "sourceipaddress", client);
                putIfAbsent(details, "sourceipv4address", client);
            }
            if (IpAddresses.isIPv6(client)) {
                putIfAbsent(details, "sourceipv6address", client);
            }
        }
        normalize(event, details, "source");
        normalize(event, details, "destination");
        for (String field : List.of("cluster_client_ip", "src", "srcip")) {
            copy(details, field, "source");
        }
        for (String field : List.of("dst", "dstip")) {
            copy(details, field, "destination");
        }
        return event;
    }

    private static void normalize(ObjectNode event, ObjectNode details, String side) {
        String field = side + "ipaddress";
        if (!details.has(field)) {
            return;
        }
        JsonNode value = details.get(field);
        String text = value.isTextual() ? value.textValue() : null;
        if (IpAddresses.isIPv6(text)) {
            details.put(side + "ipv6address", text);
            details.put(field, "0.0.0.0");
            addError(event, "plugin: ipFixUp.py error: " + field + " is ipv6, moved");
        } else if (IpAddresses.isIPv4(text)) {
            details.put(side + "ipv4address", text);
        } else {
            // Smells like a host name: keep it where a name belongs.
            details.set(side, value);
            details.putNull(field);
        }
    }

    private static void copy(ObjectNode details, String field, String side) {
        String text = Events.text(details, field);
        if (IpAddresses.isIPv4(text)) {
            details.put(side + "ipaddress", text);
            details.put(side + "ipv4address", text);
        }
        if (IpAddresses.isIPv6(text)) {
            details.put(side + "ipv6address", text);
        }
    }

    private static void putIfAbsent(ObjectNode details, String field, String value) {
        if (!details.has(field)) {
            details.put(field, value);
        }
    }

    private static void addError(ObjectNode event, String error) {
        JsonNode errors = event.get("errors");
        if (errors == null) {
            event.putArray("errors").add(error);
        } else if (errors instanceof ArrayNode list) {
            list.add(error);
        }
    }
}
