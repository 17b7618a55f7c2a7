package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's ipFixup (pipeline-catalog.md §3b): keeps {@code details.sourceipaddress}/{@code destinationipaddress}
 * IPv4 (an IPv6 value moves to {@code *ipv6address}, a host name to {@code details.source}/{@code destination}),
 * copies IPv4 values to {@code *ipv4address}, and fills them from X-Forwarded-For, src/srcip, dst/dstip and, last,
 * cluster_client_ip. Its IPv4 test is MozDef's (C {@code inet_aton}); the original text is what gets copied.
 */
public final class IpFixup implements EventPlugin {
    /** The largest value of the last part of an inet_aton address, by the number of parts before it. */
    private static final long[] LAST_PART_MAX = {0xFFFFFFFFL, 0xFFFFFFL, 0xFFFFL, 0xFFL};

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
            if (isIPv4(client)) {
                putIfAbsent(details, "sourceipaddress", client);
                putIfAbsent(details, "sourceipv4address", client);
            }
            if (IpAddresses.isIPv6(client)) {
                putIfAbsent(details, "sourceipv6address", client);
            }
        }
        normalize(event, details, "source");
        normalize(event, details, "destination");
        copy(details, "src", "source");
        copy(details, "srcip", "source");
        copy(details, "dst", "destination");
        copy(details, "dstip", "destination");
        // MozDef handles it last, and sets only sourceipaddress from it: sourceipv4address can then disagree.
        String cluster = Events.text(details, "cluster_client_ip");
        if (isIPv4(cluster)) {
            details.put("sourceipaddress", cluster);
        }
        if (IpAddresses.isIPv6(cluster)) {
            details.put("sourceipv6address", cluster);
        }
        return event;
    }

    /**
     * MozDef's isIPv4, netaddr's {@code valid_ipv4}, which is C {@code inet_aton}: one to four parts, each decimal,
     * octal with a leading {@code 0} or hex with {@code 0x}; the last part fills the remaining bytes; anything may
     * follow once an ASCII whitespace character ends the address.
     */
    static boolean isIPv4(String text) {
        if (text == null || text.indexOf('\0') >= 0) {
            return false;
        }
        int n = text.length();
        int i = 0;
        int dots = 0;
        long value;
        while (true) {
            if (i >= n || !isAsciiDigit(text.charAt(i))) {
                return false;
            }
            int radix = 10;
            if (text.charAt(i) == '0') {
                boolean hex = i + 2 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                        && Character.digit(text.charAt(i + 2), 16) >= 0 && text.charAt(i + 2) < 128;
                radix = hex ? 16 : 8;
                i += hex ? 2 : 0;
            }
            value = 0;
            while (i < n && text.charAt(i) < 128 && Character.digit(text.charAt(i), radix) >= 0) {
                value = value * radix + Character.digit(text.charAt(i), radix);
                if (value > 0xFFFFFFFFL) {
                    return false;
                }
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                if (dots == 3 || value > 0xFF) {
                    return false;
                }
                dots++;
                i++;
            } else {
                break;
            }
        }
        if (i < n && " \t\n\u000b\f\r".indexOf(text.charAt(i)) < 0) {
            return false;
        }
        return value <= LAST_PART_MAX[dots];
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
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
        } else if (isIPv4(text)) {
            details.put(side + "ipv4address", text);
        } else {
            // Smells like a host name: keep it where a name belongs.
            details.set(side, value);
            details.putNull(field);
        }
    }

    private static void copy(ObjectNode details, String field, String side) {
        String text = Events.text(details, field);
        if (isIPv4(text)) {
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
