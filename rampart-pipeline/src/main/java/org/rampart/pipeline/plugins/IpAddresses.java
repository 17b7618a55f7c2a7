package org.rampart.pipeline.plugins;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address text as MozDef's plugins test it (netaddr), parsed without ever resolving a name: events are
 * attacker-controlled and a DNS lookup per event would be both slow and a leak.
 */
final class IpAddresses {
    private static final int MAX_LITERAL = 64;

    private IpAddresses() {}

    /** MozDef's isIPv4: four dotted parts (quotes stripped), an optional /prefix allowed. */
    static boolean isIPv4(String text) {
        return text != null && parseV4(stripQuotes(text), true) != null;
    }

    /** MozDef's isIPv6 (netaddr.valid_ipv6): an IPv6 literal, no prefix. */
    static boolean isIPv6(String text) {
        return text != null && parseV6(text) != null;
    }

    /** MozDef's geoip isIP (netaddr.IPNetwork): the first address of an IPv4/IPv6 address or network, or null. */
    static InetAddress network(String text) {
        if (text == null) {
            return null;
        }
        InetAddress v4 = parseV4(text, true);
        if (v4 != null) {
            return v4;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return parseV6(text);
        }
        InetAddress v6 = parseV6(text.substring(0, slash));
        int prefix = prefix(text.substring(slash + 1), 128);
        return v6 == null || prefix < 0 ? null : masked(v6, prefix);
    }

    static String stripQuotes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '\'') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '\'') {
            end--;
        }
        while (start < end && text.charAt(start) == '"') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '"') {
            end--;
        }
        return text.substring(start, end);
    }

    private static InetAddress parseV4(String text, boolean allowPrefix) {
        if (text.length() > MAX_LITERAL) {
            return null;
        }
        int slash = allowPrefix ? text.indexOf('/') : -1;
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= addr.length(); i++) {
            char c = i < addr.length() ? addr.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (part != 4) {
            return null;
        }
        int prefix = slash < 0 ? 32 : prefix(text.substring(slash + 1), 32);
        if (prefix < 0) {
            return null;
        }
        try {
            return masked(InetAddress.getByAddress(bytes), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    private static InetAddress parseV6(String text) {
        if (text.isEmpty() || text.length() > MAX_LITERAL || text.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return null;
            }
        }
        if (text.charAt(0) != ':' && Character.digit(text.charAt(0), 16) < 0) {
            return null;
        }
        try {
            // Only hex digits, ':' and '.' and a leading hex digit or ':': getByName parses it as a literal.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int prefix(String text, int max) {
        if (text.isEmpty() || text.length() > 3) {
            return -1;
        }
        int p = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p <= max ? p : -1;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        if (prefix >= b.length * 8) {
            return address;
        }
        for (int bit = prefix; bit < b.length * 8; bit++) {
            b[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a masked address is an address", e);
        }
    }
}
