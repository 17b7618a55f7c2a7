package org.rampart.event.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one IP parser of every module: MozDef's (netaddr's) answers, inet_pton's grammar, never a DNS lookup. */
class IpAddressesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1.2.3|10.1.2.3", "0.0.0.0|0.0.0.0", "255.255.255.255|255.255.255.255", "2001:db8::7|2001:db8:0:0:0:0:0:7",
            "::ffff:1.2.3.4|1.2.3.4", "::|0:0:0:0:0:0:0:0",
            // Not literals: leading zeros (octal or decimal? inet_pton, netaddr and Elasticsearch refuse), names,
            // prefixes, scopes, and text getByName would look up rather than parse.
            "010.1.2.3|", "1.2.3.04|", "1.2.3|", "1.2.3.4.5|", "1.2.3.256|", "1..2.3|", "localhost|", "example.com|",
            "10.0.0.0/8|", "fe80::1%eth0|", ".:1|", "' 1.2.3.4'|", "|"})
    void anAddressIsALiteralOrNothing(String text, String expected) {
        InetAddress address = IpAddresses.address(text);
        assertThat(address == null ? null : address.getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1.2.3|10.0.0.0/8|true", "11.0.0.1|10.0.0.0/8|false", "10.1.2.3|10.1.2.3|true", "10.1.2.3| 10.1.2.0/24 |true",
            "2001:db8::7|2001:db8::/32|true", "10.1.2.3|2001:db8::/32|false", "10.1.2.3|10.0.0.0/33|false",
            "nope|10.0.0.0/8|false", "10.1.2.3|nope|false"})
    void inCidr(String ip, String cidr, boolean expected) {
        assertThat(IpAddresses.inCidr(ip, cidr)).isEqualTo(expected);
    }

    @Test
    void aBlockIsItsFirstAndLastAddress() {
        Cidr block = Cidr.parse("192.168.4.7/22");
        assertThat(block.first().getHostAddress()).isEqualTo("192.168.4.0");
        assertThat(block.last().getHostAddress()).isEqualTo("192.168.7.255");
        assertThat(Cidr.parse("2001:db8::1").last().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/x");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"10.1.1.1, true", "172.16.0.1, true", "192.168.0.1, true", "100.64.0.1, true", "169.254.0.1, true",
            "127.0.0.1, true", "8.8.8.8, false", "fd00::1, true", "fe80::1, true", "2001:4860::1, false"})
    void privateAddressesAsMozDefsAlertsTestThem(String address, boolean expected) {
        assertThat(IpAddresses.isPrivate(IpAddresses.address(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3.4|true", "'1.2.3.4'|true", "\"1.2.3.4\"|true", "1.2.3.0/24|true", "1.2.3.256|false",
            "1.2.3|false", "1.2.3.4.5|false", "a.b.c.d|false", "1.2.3.4/33|false", "localhost|false", "|false"})
    void ipv4AsMozDefTestsIt(String text, boolean expected) {
        assertThat(IpAddresses.isIPv4(text == null ? "" : text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2001:db8::1|true", "::1|true", "::ffff:1.2.3.4|true", "1.2.3.4|false", "example.com|false",
            "zz::1|false", "2001:db8::1/64|false", "gggg::|false"})
    void ipv6AsMozDefTestsIt(String text, boolean expected) {
        assertThat(IpAddresses.isIPv6(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.1.2.3/8|10.0.0.0", "2001:db8::1/32|2001:db8:0:0:0:0:0:0", "8.8.8.8|8.8.8.8"})
    void networkIsItsFirstAddress(String text, String first) {
        InetAddress address = IpAddresses.network(text);
        assertThat(address.getHostAddress()).isEqualTo(first);
    }

    @Test
    void aClientIsAnIpv4AddressOrAnIpv6Slash64() {
        assertThat(IpAddresses.client("2001:db8::1")).isEqualTo(IpAddresses.client("[2001:db8::ffff:1]"))
                .isEqualTo("2001:db8:0:0:0:0:0:0/64");
        assertThat(IpAddresses.client("2001:db8:0:1::1")).isNotEqualTo(IpAddresses.client("2001:db8::1"));
        assertThat(IpAddresses.client("192.0.2.1")).isEqualTo("192.0.2.1").isNotEqualTo(IpAddresses.client("192.0.2.2"));
        assertThat(IpAddresses.client("not an address")).isEqualTo("not an address");
    }
}
