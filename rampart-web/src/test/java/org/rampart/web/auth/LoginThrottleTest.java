package org.rampart.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rampart.query.contract.MutableClock;

/** Login attempts counted as failures until they succeed: sliding window, per account (any case) and per address. */
class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(2, 3, Duration.ofMinutes(10)), clock);

    @Test
    void theWindowSlides() {
        assertThat(throttle.attempt("alice", "10.0.0.1")).isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.attempt("ALICE", "10.0.0.2")).isEmpty();
        assertThat(throttle.attempt("alice", "10.0.0.3")).hasValue(Duration.ofMinutes(6));
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.attempt("alice", "10.0.0.3")).isEmpty();
    }

    @Test
    void attemptsStillRunningCountSoParallelGuessesCannotAllPass() {
        // Three guesses arrive before any password check has finished: only the limit's worth start.
        assertThat(throttle.attempt("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.attempt("alice", "10.0.0.2")).isEmpty();
        assertThat(throttle.attempt("alice", "10.0.0.3")).isPresent();
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        throttle.attempt("a", "2001:db8:1:2::1");
        throttle.attempt("b", "2001:db8:1:2:ffff::9");
        throttle.attempt("c", "2001:db8:1:2:0:0:0:7");
        assertThat(throttle.attempt("d", "2001:db8:1:2::abcd")).isPresent();
        assertThat(throttle.attempt("d", "2001:db8:1:3::1")).isEmpty();
        assertThat(LoginThrottle.addressKey("2001:db8:1:2::abcd")).isEqualTo("address:2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void successForgetsTheAccountButOnlyItsOwnAttemptAtTheAddress() {
        throttle.attempt("alice", "10.0.0.1");
        throttle.attempt("alice", "10.0.0.1");
        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.attempt("alice", "10.0.0.2")).isEmpty();
        // 10.0.0.1 holds one failure of alice's (the success took back one); bob's brings it to the limit.
        throttle.attempt("bob", "10.0.0.1");
        throttle.attempt("carol", "10.0.0.1");
        assertThat(throttle.attempt("dave", "10.0.0.1")).isPresent();
    }

    @Test
    void aBlockedAttemptIsNotCounted() {
        throttle.attempt("alice", "10.0.0.1");
        throttle.attempt("alice", "10.0.0.1");
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.attempt("alice", "10.0.0.1")).isPresent();
        }
        // Two of the address's three: one more name may still try from it.
        assertThat(throttle.attempt("bob", "10.0.0.1")).isEmpty();
    }
}
