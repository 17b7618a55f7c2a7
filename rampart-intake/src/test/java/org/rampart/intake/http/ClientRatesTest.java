package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRatesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aClientHasABurstOfOneSecondThenTheRate() {
        ClientRates rates = new ClientRates(3, now::get);
        assertThat(rates.tryAcquire("a")).isTrue();
        assertThat(rates.tryAcquire("a")).isTrue();
        assertThat(rates.tryAcquire("a")).isTrue();
        assertThat(rates.tryAcquire("a")).isFalse();
        assertThat(rates.tryAcquire("b")).as("another client has its own bucket").isTrue();

        now.addAndGet(340_000_000L); // a third of a second: one token back
        assertThat(rates.tryAcquire("a")).isTrue();
        assertThat(rates.tryAcquire("a")).isFalse();

        now.addAndGet(60_000_000_000L); // idle for a minute: the bucket holds one second's worth, no more
        for (int i = 0; i < 3; i++) {
            assertThat(rates.tryAcquire("a")).isTrue();
        }
        assertThat(rates.tryAcquire("a")).isFalse();
    }

    @Test
    void zeroMeansNoLimit() {
        ClientRates rates = new ClientRates(0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(rates.tryAcquire("a")).isTrue();
        }
    }

    @Test
    void aFloodOfBusyClientsIsForgottenAtOnceNotScannedOnEveryRequest() {
        ClientRates rates = new ClientRates(1, now::get);
        for (int i = 0; i < 65_536; i++) {
            assertThat(rates.tryAcquire("client-" + i)).isTrue();
        }
        assertThat(rates.tryAcquire("client-0")).as("its one token is spent").isFalse();
        assertThat(rates.tryAcquire("newcomer")).as("the map is full of busy clients: it starts afresh").isTrue();
        assertThat(rates.tryAcquire("client-0")).as("forgotten with the rest: a fresh bucket").isTrue();
    }
}
