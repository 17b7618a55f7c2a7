package org.rampart.event.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundTargetsTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
            "100.100.100.200", "0.0.0.0", "0.1.2.3", "255.255.255.255", "224.0.0.1", "::1", "::", "fe80::1", "fd00:ec2::254",
            "fc00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "ff02::1"})
    void refusesInternalAddresses(String text) {
        assertThat(OutboundTargets.publicOnly().permits(address(text))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "64:ff9b::808:808"})
    void permitsPublicAddresses(String text) {
        assertThat(OutboundTargets.publicOnly().permits(address(text))).isTrue();
    }

    @Test
    void anAllowListOpensExactlyItsBlocks() {
        OutboundTargets targets = OutboundTargets.allowing(List.of("10.1.2.0/24", "::1"));

        assertThat(targets.permits(address("10.1.2.200"))).isTrue();
        assertThat(targets.permits(address("::1"))).isTrue();
        assertThat(targets.permits(address("10.1.3.1"))).isFalse();
        assertThat(targets.permits(address("127.0.0.1"))).isFalse();
    }

    @Test
    void aBadAllowListEntryIsNamed() {
        assertThatThrownBy(() -> OutboundTargets.allowing(List.of("intranet.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'intranet.example'");
    }

    private static InetAddress address(String text) {
        return IpAddresses.address(text);
    }
}
