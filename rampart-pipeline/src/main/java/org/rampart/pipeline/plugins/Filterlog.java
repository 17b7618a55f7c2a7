package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's filterlog: parses a pfSense filterlog CSV line (the summary) into details with MozDef's exact key names
 * and column positions: rule, interface, reason, action and direction, an {@code ip} block (IPv4 or IPv6 header
 * fields), the addresses, and for TCP (protocol 6) and UDP (17) the ports, data length and, for TCP, a {@code tcp}
 * block. Every value stays a string, except {@code ip.version}.
 */
public final class Filterlog implements EventPlugin {
    /** MozDef's precondition: at least 9 commas, that is the nine common columns and one more. */
    private static final int MIN_COLUMNS = 10;

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
        if (f.length < MIN_COLUMNS) {
            return event;
        }
        ObjectNode parsed;
        try {
            parsed = parse(f);
        } catch (RuntimeException e) {
            // MozDef raises on a line shorter than its layout or with a non-numeric protocol id, and loses the
            // event; Rampart keeps it unparsed.
            return event;
        }
        ObjectNode details = Events.detailsOrCreate(event);
        if (details != null) {
            details.setAll(parsed);
        }
        return event;
    }

    /** The details keys of one line; throws when the line is shorter than its layout says. */
    private static ObjectNode parse(String[] f) {
        ObjectNode d = Json.object();
        columns(d, f, 0, "rulenumber", "subrulenumber", "anchor", "trackor", "interface", "reason", "action",
                "direction", "ipversion");
        int last;
        ObjectNode ip = Json.object();
        switch (f[8]) {
            case "4" -> {
                ip.put("version", 4);
                last = columns(ip, f, 9, "tos", "ecn", "ttl", "id", "offset", "flags", "protocolid", "protocoltext");
            }
            case "6" -> {
                ip.put("version", 6);
                last = columns(ip, f, 9, "class", "flow_label", "hoplimit", "protocol", "protocolid");
            }
            default -> {
                return d;
            }
        }
        ip.put("length", column(f, last + 1));
        d.set("ip", ip);
        d.put("sourceipaddress", column(f, last + 2));
        d.put("destinationipaddress", column(f, last + 3));
        int protocol = Integer.parseInt(ip.get("protocolid").textValue().strip());
        if (protocol == 6 || protocol == 17) {
            columns(d, f, last + 4, "sourceport", "destinationport", "datalength");
        }
        if (protocol == 6) {
            ObjectNode tcp = d.putObject("tcp");
            columns(tcp, f, last + 7, "flags", "seqnumber", "acknumber", "window", "urg", "options");
        }
        return d;
    }

    /** Names the columns from {@code from} on, in order, into {@code node}; returns the index of the last one. */
    private static int columns(ObjectNode node, String[] f, int from, String... names) {
        for (int i = 0; i < names.length; i++) {
            node.put(names[i], column(f, from + i));
        }
        return from + names.length - 1;
    }

    private static String column(String[] f, int index) {
        if (index >= f.length) {
            throw new IllegalArgumentException("filterlog line has " + f.length + " columns, needs " + (index + 1));
        }
        return f[index];
    }
}
