package org.rampart.query;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address block: its first and last address, as Python's {@code netaddr.IPNetwork} gives them. */
public record Cidr(InetAddress first, InetAddress last) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    /** Parses {@code a.b.c.d/n}, an IPv6 block, or a bare address (a block of one). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = address(slash < 0 ? text.strip() : text.substring(0, slash).strip());
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
        }
        byte[] bytes = address.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in CIDR block: " + text);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length in CIDR block: " + text);
            }
        }
        byte[] low = bytes.clone();
        byte[] high = bytes.clone();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            low[bit / 8] &= (byte) ~mask;
            high[bit / 8] |= (byte) mask;
        }
        try {
            return new Cidr(InetAddress.getByAddress(low), InetAddress.getByAddress(high));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The address an IP literal names, or null if the text is not one. Never does a DNS lookup: event values are
     * attacker-controlled.
     */
    public static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        var v4 = IPV4.matcher(text);
        try {
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            // A string of hex digits, colons and dots with a colon in it is parsed as a literal, not looked up.
            if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }
}
