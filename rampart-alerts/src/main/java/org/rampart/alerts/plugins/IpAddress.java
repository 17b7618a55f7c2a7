package org.rampart.alerts.plugins;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP literals and CIDR ranges, parsed without ever touching DNS: the strings come from events.
 *
 * @param bytes 4 bytes for IPv4, 16 for IPv6
 */
public record IpAddress(byte[] bytes) {

    /** The address written in {@code text}, if it is an IPv4 dotted quad or an IPv6 literal. */
    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            // With a ':' present the JDK parses an IPv6 literal or fails; it never resolves a name.
            return Optional.of(new IpAddress(InetAddress.getByName(text).getAddress()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<IpAddress> parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[i] = (byte) v;
        }
        return Optional.of(new IpAddress(b));
    }

    /** Whether this is an IPv4 address. */
    public boolean isV4() {
        return bytes.length == 4;
    }

    BigInteger value() {
        return new BigInteger(1, bytes);
    }

    /**
     * A CIDR range; host bits in the text are ignored, as Python's {@code ip_network(strict=False)} and
     * netaddr do ({@code 255.0.1.2/8} is {@code 255.0.0.0/8}).
     */
    public record Cidr(IpAddress network, int prefix) {

        /** Parses {@code a.b.c.d/n} or {@code v6/n}; a bare address is a single-host range. */
        public static Cidr parse(String text) {
            String s = text == null ? "" : text.trim();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            IpAddress ip = IpAddress.parse(addr)
                    .orElseThrow(() -> new IllegalArgumentException("not an IP range: \"" + text + "\""));
            int max = ip.bytes().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP range: \"" + text + "\"", e);
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("prefix /" + prefix + " out of range in \"" + text + "\"");
            }
            return new Cidr(ip, prefix);
        }

        /** Whether the address lies in this range (never across IPv4 and IPv6). */
        public boolean contains(IpAddress ip) {
            if (ip.bytes().length != network.bytes().length) {
                return false;
            }
            int bits = network.bytes().length * 8;
            return ip.value().shiftRight(bits - prefix).equals(network.value().shiftRight(bits - prefix));
        }

        /** Whether the text is an address in this range. */
        public boolean contains(String text) {
            return IpAddress.parse(text).map(this::contains).orElse(false);
        }
    }
}
