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
        details.put("rule_number", f[0]);
        details.put("sub_rule_number", f[1]);
        details.put("anchor", f[2]);
        details.put("tracker", f[3]);
        details.put("interface", f[4]);
        details.put("reason", f[5]);
        details.put("action", f[6]);
        details.put("direction", f[7]);
        details.put("ip_version", f[8]);
        ObjectNode ip = details.putObject("ip");
        int next;
        String protocol;
        if (v4) {
            ip.put("tos", f[9]);
            ip.put("ecn", f[10]);
            ip.put("ttl", f[11]);
            ip.put("id", f[12]);
            ip.put("offset", f[13]);
            ip.put("flags", f[14]);
            ip.put("protocol_id", f[15]);
            ip.put("protocol_text", f[16]);
            protocol = f[16];
            next = 17;
        } else {
            ip.put("class", f[9]);
            ip.put("flow_label", f[10]);
            ip.put("hop_limit", f[11]);
            ip.put("protocol_text", f[12]);
            ip.put("protocol_id", f[13]);
            protocol = f[12];
            next = 14;
        }
        ip.put("length", f[next]);
        details.put("sourceipaddress", f[next + 1]);
        details.put("destinationipaddress", f[next + 2]);
        next += 3;
        String proto = protocol.toLowerCase(Locale.ROOT);
        if ((proto.equals("tcp") || proto.equals("udp")) && f.length >= next + 3) {
            details.put("sourceport", f[next]);
            details.put("destinationport", f[next + 1]);
            details.put("datalength", f[next + 2]);
            next += 3;
            if (proto.equals("tcp") && f.length >= next + 6) {
                ObjectNode tcp = details.putObject("tcp");
                tcp.put("flags", f[next]);
                tcp.put("seq", f[next + 1]);
                tcp.put("ack", f[next + 2]);
                tcp.put("window", f[next + 3]);
                tcp.put("urg", f[next + 4]);
                tcp.put("options", f[next + 5]);
            }
        }
        return event;
    }
}
