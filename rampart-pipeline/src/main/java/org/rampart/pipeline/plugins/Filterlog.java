package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's filterlog: parses a pfSense filterlog CSV line (the summary) into details: rule, interface, reason,
 * action and direction, an {@code ip} block (IPv4 or IPv6 header fields), the addresses, and for TCP/UDP the
 * ports, data length and a {@code tcp} block.
 */
public final class Filterlog implements EventPlugin {
    /** Fields up to the destination address: 9 common, then the IPv4 or IPv6 header, length, source, destination. */
    private static final int V4_FIELDS = 20;
    private static final int V6_FIELDS = 17;

    @Override
    public List<String> registration() {
        return List.of("filterlog");
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String name() {
        return "filterlog";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String summary = Events.text(event, "summary");
        if (summary == null) {
            return event;
        }
        String[] f = summary.split(",", -1);
        boolean v4 = f.length >= V4_FIELDS && f[8].equals("4");
        boolean v6 = f.length >= V6_FIELDS && f[8].equals("6");
        if (!v4 && !v6) {
            return event;
        }
        ObjectNode details = Events.detailsOrCreate(event);
        if (details == null) {
            return event;
        }
        int next = columns(details, f, 0, "rule_number", "sub_rule_number", "anchor", "tracker", "interface", "reason",
                "action", "direction", "ip_version");
        ObjectNode ip = details.putObject("ip");
        String protocol;
        if (v4) {
            next = columns(ip, f, next, "tos", "ecn", "ttl", "id", "offset", "flags", "protocol_id", "protocol_text");
            protocol = f[next - 1];
        } else {
            next = columns(ip, f, next, "class", "flow_label", "hop_limit", "protocol_text", "protocol_id");
            protocol = f[next - 2];
        }
        next = columns(ip, f, next, "length");
        next = columns(details, f, next, "sourceipaddress", "destinationipaddress");
        String proto = protocol.toLowerCase(Locale.ROOT);
        if ((proto.equals("tcp") || proto.equals("udp")) && f.length >= next + 3) {
            next = columns(details, f, next, "sourceport", "destinationport", "datalength");
            if (proto.equals("tcp") && f.length >= next + 6) {
                columns(details.putObject("tcp"), f, next, "flags", "seq", "ack", "window", "urg", "options");
            }
        }
        return event;
    }

    /** Names the CSV columns from {@code from} on, in order, into {@code node}; returns the next column. */
    private static int columns(ObjectNode node, String[] f, int from, String... names) {
        for (int i = 0; i < names.length; i++) {
            node.put(names[i], f[from + i]);
        }
        return from + names.length;
    }
}
