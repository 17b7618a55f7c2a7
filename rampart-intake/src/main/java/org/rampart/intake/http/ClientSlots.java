package org.rampart.intake.http;

import java.util.concurrent.ConcurrentHashMap;
import org.rampart.event.ip.IpAddresses;

/**
 * Requests in flight per client, so that one client cannot hold every slot of the intake (e.g. with bodies sent a
 * byte at a time). A client is an IPv4 address, or an IPv6 /64: one host usually holds a whole /64.
 */
final class ClientSlots {
    private final int perClient;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    /** Takes a slot for the client at {@code remoteAddress}; the key to release it with, or null when it has none left. */
    String tryAcquire(String remoteAddress) {
        String client = IpAddresses.client(remoteAddress);
        boolean[] taken = {false};
        inFlight.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perClient) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0] ? client : null;
    }

    void release(String client) {
        inFlight.computeIfPresent(client, (key, count) -> count == 1 ? null : count - 1);
    }

    /** The client an address belongs to; the remote address is always a literal, so nothing is looked up. */
}
