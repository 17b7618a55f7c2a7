package org.rampart.alerts;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP literals in alerts: parsed without any DNS lookup (event fields are attacker-controlled). */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {}

    /** The address of an IPv4 or IPv6 literal; empty for anything else. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** netaddr's is_private as MozDef uses it: RFC 1918, carrier-grade NAT, link-local, unique-local. */
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

    /** True when {@code ip} lies inside {@code cidr} ({@code a.b.c.d/n} or an IPv6 CIDR, or a bare address). */
    public static boolean inCidr(String ip, String cidr) {
        Optional<InetAddress> address = parse(ip);
        int slash = cidr.indexOf('/');
        Optional<InetAddress> network = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address.isEmpty() || network.isEmpty()) {
            return false;
        }
        byte[] a = address.get().getAddress();
        byte[] n = network.get().getAddress();
        if (a.length != n.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? a.length * 8 : Integer.parseInt(cidr.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > a.length * 8) {
            return false;
        }
        int shift = a.length * 8 - bits;
        return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
    }
}
