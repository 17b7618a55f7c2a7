package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client (IpAddresses.client: an IPv4 address or an IPv6 /64) holds at most its own number of slots. */
class ClientSlotsTest {
    @Test
    void slotsAreCountedPerClientAndComeBackWhenReleased() {
        ClientSlots slots = new ClientSlots(2);
        String first = slots.tryAcquire("2001:db8::1");
        String second = slots.tryAcquire("2001:db8::2");

        assertThat(slots.tryAcquire("2001:db8::3")).isNull();
        assertThat(slots.tryAcquire("192.0.2.1")).isEqualTo("192.0.2.1");
        slots.release(first);
        assertThat(slots.tryAcquire("2001:db8::4")).isEqualTo(second);
    }
}
