package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, true", "10.1.2.3, false", "172.16.0.1, false", "172.32.0.1, true", "192.168.1.1, false",
            "127.0.0.1, false", "0.0.0.0, false", "100.64.0.1, false", "169.254.1.1, false", "224.0.0.1, false",
            "198.18.0.1, false", "192.0.2.1, false", "203.0.113.9, false", "2001:4860:4860::8888, true",
            "::1, false", "fe80::1, false", "fc00::1, false", "ff02::1, false"})
    void publicAddresses(String address, boolean expected) {
        assertThat(IpAddresses.isPublic(IpAddresses.network(address))).isEqualTo(expected);
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
}
