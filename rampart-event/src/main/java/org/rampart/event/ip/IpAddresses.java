package org.rampart.event.ip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * IP address text, the one parser every module uses (the store's ip fields, the query model's SubnetMatch, the
 * pipeline's plugins, alerts and their plugins). Never resolves a name: event fields are attacker-controlled, and
 * a DNS lookup per value would be both slow and a leak.
 *
 * <p>The grammar is {@code inet_pton}'s, as netaddr (MozDef), Python's {@code ipaddress} and Elasticsearch's ip
 * field read it: four decimal parts from 0 to 255 without leading zeros, or an IPv6 literal (an IPv4-mapped one
 * is its IPv4 address); a block adds {@code /prefix}.
 */
public final class IpAddresses {
    /** Longest IPv6 literal: eight groups of four hex digits with an embedded IPv4 address. */
    private static final int MAX_V6 = 45;

    private IpAddresses() {}

    /** The address an IPv4 or IPv6 literal names, or null if the text is not one. */
    public static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        InetAddress v4 = v4(text);
        return v4 != null ? v4 : v6(text);
    }

    /** MozDef's isIPv4: four dotted parts (surrounding quotes stripped), an optional /prefix allowed. */
    public static boolean isIPv4(String text) {
        if (text == null) {
            return false;
        }
        String bare = stripQuotes(text);
        int slash = bare.indexOf('/');
        return v4(slash < 0 ? bare : bare.substring(0, slash)) != null
                && (slash < 0 || prefix(bare.substring(slash + 1), 32) >= 0);
    }

    /** MozDef's isIPv6 (netaddr.valid_ipv6): an IPv6 literal, no prefix. */
    public static boolean isIPv6(String text) {
        return text != null && v6(text) != null;
    }

    /** MozDef's geoip isIP (netaddr.IPNetwork): the first address of an address or a block, or null. */
    public static InetAddress network(String text) {
        Cidr block = text == null ? null : block(text);
        return block == null ? null : block.first();
    }

    /** True when {@code ip} is an address inside {@code cidr} (a block or a bare address). */
    public static boolean inCidr(String ip, String cidr) {
        InetAddress address = address(ip);
        Cidr block = cidr == null ? null : block(cidr.strip());
        return address != null && block != null && block.contains(address);
    }

    /**
     * The client an address stands for, for limits per client: an IPv4 address as is, an IPv6 address as its /64 (one
     * host usually holds a whole /64, so counting its addresses apart would let it multiply its share); text that is no
     * address, as given.
     */
    public static String client(String text) {
        // A server may give an IPv6 peer in its URI form, [addr].
        boolean bracketed = text.length() > 2 && text.startsWith("[") && text.endsWith("]");
        InetAddress address = address(bracketed ? text.substring(1, text.length() - 1) : text);
        if (address == null) {
            return text;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        return byAddress(bytes).getHostAddress() + "/64";
    }

    /** netaddr's is_private as MozDef's alerts use it: RFC 1918, carrier-grade NAT, link-local, unique-local. */
    public static boolean isPrivate(InetAddress address) {
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 100 && second >= 64 && second < 128;
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    /** An address or {@code address/prefix} as a block, or null. */
    static Cidr block(String text) {
        int slash = text.indexOf('/');
        InetAddress address = address(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        byte[] low = address.getAddress();
        int bits = low.length * 8;
        int prefix = slash < 0 ? bits : prefix(text.substring(slash + 1), bits);
        if (prefix < 0) {
            return null;
        }
        byte[] high = low.clone();
        for (int bit = prefix; bit < bits; bit++) {
            int mask = 0x80 >>> (bit % 8);
            low[bit / 8] &= (byte) ~mask;
            high[bit / 8] |= (byte) mask;
        }
        return new Cidr(byAddress(low), byAddress(high));
    }

    private static String stripQuotes(String text) {
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

    private static InetAddress v4(String text) {
        if (text.isEmpty() || text.length() > 15) {
            return null;
        }
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != '.') {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                continue;
            }
            int digits = i - start;
            // No empty part, at most three digits, no leading zero (inet_pton: "010" is not ten, nor eight).
            if (part == 4 || digits == 0 || digits > 3 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            int value = Integer.parseInt(text, start, i, 10);
            if (value > 255) {
                return null;
            }
            bytes[part++] = (byte) value;
            start = i + 1;
        }
        return part == 4 ? byAddress(bytes) : null;
    }

    private static InetAddress v6(String text) {
        if (text.length() < 2 || text.length() > MAX_V6 || text.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == ':' || c == '.' || (c < 128 && Character.digit(c, 16) >= 0))) {
                return null;
            }
        }
        if (text.charAt(0) == '.') {
            // getByName only parses text that starts with a hex digit or ':' as a literal; the rest it looks up.
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A prefix length of one to three digits, at most {@code max}; -1 otherwise. */
    private static int prefix(String text, int max) {
        if (text.isEmpty() || text.length() > 3) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        int p = Integer.parseInt(text);
        return p <= max ? p : -1;
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
