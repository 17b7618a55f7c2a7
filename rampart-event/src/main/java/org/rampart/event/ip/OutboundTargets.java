package org.rampart.event.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses Rampart may connect to on its own initiative (alert actions, REST lookups): the public internet,
 * plus the blocks an operator allows ({@code outbound.allowed_networks}). Loopback, private, link-local (the cloud
 * metadata service, 169.254.169.254), carrier-grade NAT, unique-local, multicast and unspecified addresses are refused,
 * so a webhook URL or a redirect cannot make Rampart reach into its own network (SSRF).
 *
 * <p>The check belongs where the connection is made: {@link #resolve(String)} resolves a host once and returns only
 * permitted addresses, and the HTTP client connects to exactly those, so a name that resolves to a public address at
 * one lookup and to 127.0.0.1 at the next (DNS rebinding) gains nothing.
 */
public final class OutboundTargets {
    /** Neither private nor public, yet never a legitimate target: "this network", reserved, NAT64 of internal space. */
    private static final List<Cidr> ALSO_REFUSED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("240.0.0.0/4"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

    private final List<Cidr> allowed;

    private OutboundTargets(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Public addresses only. */
    public static OutboundTargets publicOnly() {
        return new OutboundTargets(List.of());
    }

    /**
     * Public addresses and those in {@code allowedNetworks} (addresses or CIDR blocks, e.g. {@code 10.1.2.0/24},
     * {@code 127.0.0.1}).
     *
     * @throws IllegalArgumentException naming an entry that is not an address or block
     */
    public static OutboundTargets allowing(List<String> allowedNetworks) {
        List<Cidr> blocks = new ArrayList<>();
        for (String network : allowedNetworks) {
            try {
                blocks.add(Cidr.parse(network));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outbound.allowed_networks: '" + network
                        + "' is not an IP address or CIDR block (e.g. 10.1.2.0/24)", e);
            }
        }
        return new OutboundTargets(blocks);
    }

    /** Whether Rampart may connect to {@code address}. */
    public boolean permits(InetAddress address) {
        return allowed.stream().anyMatch(block -> block.contains(address)) || !internal(address);
    }

    /**
     * The addresses of {@code host} Rampart may connect to, in the resolver's order; a host with some refused
     * addresses keeps its permitted ones.
     *
     * @throws UnknownHostException if the name does not resolve
     * @throws RefusedTargetException if none of its addresses is permitted
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        List<InetAddress> permitted = Arrays.stream(all).filter(this::permits).toList();
        if (permitted.isEmpty()) {
            throw new RefusedTargetException(host + " resolves to " + Arrays.stream(all).map(InetAddress::getHostAddress)
                    .toList() + ": a loopback, private, link-local or reserved address, which Rampart does not connect to;"
                    + " add the address to outbound.allowed_networks if it is meant");
        }
        return permitted;
    }

    /** Addresses that belong to some local network rather than to the internet. */
    static boolean internal(InetAddress address) {
        if (IpAddresses.isPrivate(address) || address.isAnyLocalAddress() || address.isMulticastAddress()
                || ALSO_REFUSED.stream().anyMatch(block -> block.contains(address))) {
            return true;
        }
        if (address instanceof Inet6Address && NAT64.contains(address)) {
            byte[] embedded = Arrays.copyOfRange(address.getAddress(), 12, 16);
            try {
                return internal(Inet4Address.getByAddress(embedded));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 bytes are always an address", e);
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutboundTargets o && o.allowed.equals(allowed);
    }

    @Override
    public int hashCode() {
        return allowed.hashCode();
    }

    /** A target refused because every address it resolves to is internal and not allowed. */
    public static final class RefusedTargetException extends UnknownHostException {
        RefusedTargetException(String message) {
            super(message);
        }
    }
}
