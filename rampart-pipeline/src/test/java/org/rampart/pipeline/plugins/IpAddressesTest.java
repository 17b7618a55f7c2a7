package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {

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
