package org.rampart.web.lists;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address or network the IP block list accepts: IPv4 as {@code a.b.c.d}, {@code a.b.c.d/nn} or
 * {@code a.b.c.d/255.255.255.0}, or a plain global IPv6 address. Stored as MozDef writes it: with its prefix, host bits
 * kept ({@code 1.2.3.4} is {@code 1.2.3.4/32}). Unlike MozDef, which checks only the written address, the whole
 * network must stay clear of loopback, private and reserved ranges, so {@code 11.0.0.0/1} (which holds 10/8) is refused.
 */
final class BlockableNetwork {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?:/(\\d{1,2}|\\d{1,3}(?:\\.\\d{1,3}){3}))?");
    /** Hex digits and colons only (an optional embedded IPv4 tail), so the JDK never resolves a name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(?:\\d{1,3}(?:\\.\\d{1,3}){3})?");

    /** netaddr 0.7.19's loopback, private and reserved IPv4 ranges, which MozDef refuses to block. */
    private static final List<Cidr> NOT_BLOCKABLE_V4 = Cidr.all("127.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "239.0.0.0/8", "169.254.0.0/16",
            "0.0.0.0/8", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "225.0.0.0/8",
            "226.0.0.0/7", "228.0.0.0/7", "230.0.0.0/7", "233.252.0.0/24", "234.0.0.0/7", "236.0.0.0/7",
            "238.0.0.0/8", "192.88.99.0/24");
    /** Global unicast; fc00::/7, fec0::/10, fe80::/10 and the unassigned blocks lie outside it. */
    private static final Cidr GLOBAL_V6 = Cidr.parse("2000::/3");

    private BlockableNetwork() {}

    /** The stored form of {@code text}; IllegalArgumentException says why it cannot be blocked. */
    static String parse(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] address = octets(v4.group(1), text);
            int prefix = v4.group(2) == null ? 32 : prefix(v4.group(2), text);
            Cidr network = new Cidr(address, prefix);
            for (Cidr range : NOT_BLOCKABLE_V4) {
                if (range.overlaps(network)) {
                    throw new IllegalArgumentException(text + " is or holds a loopback, private or reserved address ("
                            + range + "); block a public address or network");
                }
            }
            return v4.group(1) + "/" + prefix;
        }
        if (IPV6.matcher(text).matches() && text.contains(":")) {
            byte[] bytes = v6(text);
            if (!GLOBAL_V6.overlaps(new Cidr(bytes, 128))) {
                throw new IllegalArgumentException(text + " is not a global IPv6 address (2000::/3)");
            }
            return compressed(bytes) + "/128";
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address or network (a.b.c.d, a.b.c.d/nn)"
                + " or an IPv6 address");
    }

    private static byte[] octets(String dotted, String text) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                throw new IllegalArgumentException("'" + text + "' has an octet over 255");
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    private static int prefix(String suffix, String text) {
        if (!suffix.contains(".")) {
            int prefix = Integer.parseInt(suffix);
            if (prefix > 32) {
                throw new IllegalArgumentException("'" + text + "' has a prefix over 32");
            }
            return prefix;
        }
        int mask = 0;
        for (byte b : octets(suffix, text)) {
            mask = mask << 8 | (b & 0xff);
        }
        int prefix = Integer.bitCount(mask);
        if (mask != (prefix == 0 ? 0 : -1 << (32 - prefix))) {
            throw new IllegalArgumentException("'" + text + "' has a netmask that is not contiguous");
        }
        return prefix;
    }

    private static byte[] v6(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
    }

    /** RFC 5952's text form (lower case, the longest run of two or more zero groups as ::), so one address is one entry. */
    private static String compressed(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** A network as address bytes and prefix length. */
    private record Cidr(byte[] address, int prefix) {
        static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                return new Cidr(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("bad built-in range " + cidr, e);
            }
        }

        static List<Cidr> all(String... cidrs) {
            return List.of(cidrs).stream().map(Cidr::parse).toList();
        }

        /** True when one network holds the other: their first {@code min(prefix)} bits agree. */
        boolean overlaps(Cidr other) {
            if (address.length != other.address.length) {
                return false;
            }
            int bits = Math.min(prefix, other.prefix);
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (other.address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
