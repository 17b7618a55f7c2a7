package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.pipeline.plugins.PluginTesting.json;
import static org.rampart.pipeline.plugins.PluginTesting.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpFixupTest {

    @Test
    void ipv6MovesHostnameMovesAndSrcFillsTheSource() {
        // The pipeline_eventtask "ip_fixups" case, before geoip turned the null destination into 0.0.0.0.
        assertThat(run(new IpFixup(), """
                {"details": {"sourceipaddress": "2001:db8::1", "destinationipaddress": "myhost.example.com",
                             "src": "10.1.1.1"}}""")).isEqualTo(json("""
                {"details": {"sourceipaddress": "10.1.1.1", "destinationipaddress": null, "src": "10.1.1.1",
                             "sourceipv6address": "2001:db8::1", "destination": "myhost.example.com",
                             "sourceipv4address": "10.1.1.1"},
                 "errors": ["plugin: ipFixUp.py error: sourceipaddress is ipv6, moved"]}"""));
    }

    @Test
    void ipv4IsCopiedToItsOwnField() {
        assertThat(run(new IpFixup(), "{\"details\": {\"destinationipaddress\": \"8.8.8.8\"}}")
                .at("/details/destinationipv4address").asText()).isEqualTo("8.8.8.8");
    }

    @Test
    void forwardedForFillsOnlyMissingSourceFields() {
        assertThat(run(new IpFixup(), "{\"details\": {\"http_x_forwarded_for\": \"1.2.3.4, 10.0.0.1\"}}"))
                .isEqualTo(json("""
                        {"details": {"http_x_forwarded_for": "1.2.3.4, 10.0.0.1", "sourceipaddress": "1.2.3.4",
                                     "sourceipv4address": "1.2.3.4"}}"""));
        assertThat(run(new IpFixup(), """
                {"details": {"http_x_forwarded_for": "1.2.3.4", "sourceipaddress": "5.6.7.8"}}""")
                .at("/details/sourceipaddress").asText()).isEqualTo("5.6.7.8");
    }

    @Test
    void dstAndDstipFillTheDestination() {
        assertThat(run(new IpFixup(), "{\"details\": {\"dstip\": \"9.9.9.9\", \"dst\": \"fe80::1\"}}"))
                .isEqualTo(json("""
                        {"details": {"dstip": "9.9.9.9", "dst": "fe80::1", "destinationipv6address": "fe80::1",
                                     "destinationipaddress": "9.9.9.9", "destinationipv4address": "9.9.9.9"}}"""));
    }

    @Test
    void errorsThatAreNotAListAreLeftAlone() {
        assertThat(run(new IpFixup(), "{\"errors\": \"x\", \"details\": {\"sourceipaddress\": \"::1\"}}")
                .get("errors").asText()).isEqualTo("x");
    }

    @Test
    void clusterClientIpComesLastAndSetsOnlySourceipaddress() {
        assertThat(run(new IpFixup(), """
                {"details": {"cluster_client_ip": "4.4.4.4", "srcip": "3.3.3.3"}}""")).isEqualTo(json("""
                {"details": {"cluster_client_ip": "4.4.4.4", "srcip": "3.3.3.3", "sourceipaddress": "4.4.4.4",
                             "sourceipv4address": "3.3.3.3"}}"""));
    }

    /** MozDef's isIPv4 is C inet_aton (pipeline-catalog.md §3b, ipFixup). */
    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "1.2.3", "10.1", "1234", "4294967295", "010.0.0.1", "0x7f.1", "0X7F000001",
            "1.2.3.4 foo", "1.2.3.4\n", "1.2.3.4\tx", "0.0.0.0", "255.255.255.255", "1.2.65535", "0"})
    void inetAtonAccepts(String text) {
        assertThat(IpFixup.isIPv4(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {" 1.2.3.4", "1.2.3.4/24", "\"1.2.3.4\"", "256.1.1.1", "08.1.1.1", "1.2.3.4.5", "1.2.3.4.",
            "+1.2.3.4", "1.2.3.4,5.6.7.8", "", "4294967296", "1.2.3.256", "1.2.65536", "0x", "0xg.1.1.1", "a.b.c.d",
            "1.2.3.4\u0000", "1..2", "99999999999999999999"})
    void inetAtonRejects(String text) {
        assertThat(IpFixup.isIPv4(text)).isFalse();
    }

    @Test
    void theOriginalTextIsWhatGetsCopied() {
        assertThat(run(new IpFixup(), "{\"details\": {\"sourceipaddress\": \"10.1\"}}").get("details"))
                .isEqualTo(json("{\"sourceipaddress\": \"10.1\", \"sourceipv4address\": \"10.1\"}"));
        assertThat(run(new IpFixup(), "{\"details\": {\"sourceipaddress\": \"1.2.3.4/24\"}}").get("details"))
                .isEqualTo(json("{\"sourceipaddress\": null, \"source\": \"1.2.3.4/24\"}"));
    }
}
