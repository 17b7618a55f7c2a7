package org.rampart.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;

class SearchQueryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void relativeWindowResolvesToEitherTimestampInclusive() {
        BooleanMatch resolved = SearchQuery.minutes(15).addMust(new TermMatch("category", "bro")).toMatch(NOW);
        Instant from = NOW.minusSeconds(900);
        assertThat(resolved.must()).containsExactly(new TermMatch("category", "bro"), BooleanMatch.anyOf(
                new RangeMatch("utctimestamp", from, NOW), new RangeMatch("receivedtimestamp", from, NOW)));
    }

    @Test
    void allHasNoWindow() {
        assertThat(SearchQuery.all().addMustNot(new ExistsMatch("a")).toMatch(NOW))
                .isEqualTo(new BooleanMatch(List.of(), List.of(new ExistsMatch("a")), List.of()));
    }

    @Test
    void nullsAndBadArgumentsAreRejected() {
        assertThatThrownBy(() -> SearchQuery.minutes(5).addMust((Match) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchQuery.minutes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TermMatch("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TermMatch("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TermMatch("a", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubnetMatch("a", "10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubnetMatch("a", "example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cidrBlocksAreMaskedAsNetaddrDoes() {
        Cidr block = Cidr.parse("10.1.1.77/24");
        assertThat(block.first().getHostAddress()).isEqualTo("10.1.1.0");
        assertThat(block.last().getHostAddress()).isEqualTo("10.1.1.255");
        assertThat(Cidr.parse("192.168.0.1").last().getHostAddress()).isEqualTo("192.168.0.1");
        assertThat(Cidr.parse("2001:db8::/32").last().getHostAddress()).isEqualTo("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(IpAddresses.address("256.1.1.1")).isNull();
        assertThat(IpAddresses.address("localhost")).isNull();
    }
}
