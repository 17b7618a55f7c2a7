package org.rampart.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rampart.query.contract.MutableClock;

/** The failed-login counts: sliding window, per account (any case) and per address, IPv6 by its /64. */
class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(2, 3, Duration.ofMinutes(10)), clock);

    @Test
    void theWindowSlides() {
        throttle.failed("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(4));
        throttle.failed("ALICE", "10.0.0.2");
        assertThat(throttle.blocked("alice", "10.0.0.3")).hasValue(Duration.ofMinutes(6));
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.blocked("alice", "10.0.0.3")).isEmpty();
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        throttle.failed("a", "2001:db8:1:2::1");
        throttle.failed("b", "2001:db8:1:2:ffff::9");
        throttle.failed("c", "2001:db8:1:2:0:0:0:7");
        assertThat(throttle.blocked("d", "2001:db8:1:2::abcd")).isPresent();
        assertThat(throttle.blocked("d", "2001:db8:1:3::1")).isEmpty();
        assertThat(LoginThrottle.addressKey("2001:db8:1:2::abcd")).isEqualTo("address:2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void successForgetsTheAccountButNotTheAddress() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        throttle.succeeded("alice");
        assertThat(throttle.blocked("alice", "10.0.0.2")).isEmpty();
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.blocked("carol", "10.0.0.1")).isPresent();
    }
}
