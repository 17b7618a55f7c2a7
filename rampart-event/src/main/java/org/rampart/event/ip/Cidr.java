package org.rampart.event.ip;

import java.net.InetAddress;
import java.util.Arrays;

/** An address block: its first and last address, as Python's {@code netaddr.IPNetwork} gives them. */
public record Cidr(InetAddress first, InetAddress last) {

    /** Parses {@code a.b.c.d/n}, an IPv6 block, or a bare address (a block of one); surrounding blanks are ignored. */
    public static Cidr parse(String text) {
        Cidr block = text == null ? null : IpAddresses.block(text.strip());
        if (block == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
        }
        return block;
    }

    /** Whether the address lies in the block (an IPv4 address is never in an IPv6 block, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] lo = first.getAddress();
        return a.length == lo.length && Arrays.compareUnsigned(a, lo) >= 0
                && Arrays.compareUnsigned(a, last.getAddress()) <= 0;
    }
}
