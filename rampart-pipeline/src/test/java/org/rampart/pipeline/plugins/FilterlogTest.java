package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.pipeline.plugins.PluginTesting.json;
import static org.rampart.pipeline.plugins.PluginTesting.run;

import org.junit.jupiter.api.Test;

/** filterlog with MozDef's key names and column positions (pipeline-catalog.md §3a). */
class FilterlogTest {

    @Test
    void ipv4TcpLine() {
        String line = "5,,,1000000103,igb1,match,block,in,4,0x0,,64,12345,0,DF,6,tcp,60,203.0.113.5,198.51.100.7,"
                + "51234,22,0,S,4231234,,29200,,mss;sackOK;TS;nop;wscale";
        assertThat(run(new Filterlog(), "{\"summary\": \"" + line + "\"}").get("details")).isEqualTo(json("""
                {"rulenumber": "5", "subrulenumber": "", "anchor": "", "trackor": "1000000103",
                 "interface": "igb1", "reason": "match", "action": "block", "direction": "in", "ipversion": "4",
                 "ip": {"version": 4, "tos": "0x0", "ecn": "", "ttl": "64", "id": "12345", "offset": "0",
                        "flags": "DF", "protocolid": "6", "protocoltext": "tcp", "length": "60"},
                 "sourceipaddress": "203.0.113.5", "destinationipaddress": "198.51.100.7",
                 "sourceport": "51234", "destinationport": "22", "datalength": "0",
                 "tcp": {"flags": "S", "seqnumber": "4231234", "acknumber": "", "window": "29200", "urg": "",
                         "options": "mss;sackOK;TS;nop;wscale"}}"""));
    }

    @Test
    void ipv6UdpLine() {
        String line = "7,,,1000000105,igb0,match,pass,out,6,0x00,0x00000,255,udp,17,100,2001:db8::1,2001:db8::2,"
                + "5353,53,100";
        assertThat(run(new Filterlog(), "{\"summary\": \"" + line + "\"}").get("details")).isEqualTo(json("""
                {"rulenumber": "7", "subrulenumber": "", "anchor": "", "trackor": "1000000105",
                 "interface": "igb0", "reason": "match", "action": "pass", "direction": "out", "ipversion": "6",
                 "ip": {"version": 6, "class": "0x00", "flow_label": "0x00000", "hoplimit": "255",
                        "protocol": "udp", "protocolid": "17", "length": "100"},
                 "sourceipaddress": "2001:db8::1", "destinationipaddress": "2001:db8::2",
                 "sourceport": "5353", "destinationport": "53", "datalength": "100"}"""));
    }

    @Test
    void icmpHasNoPortsAndKeepsOtherDetails() {
        String line = "9,,,1000000103,igb1,match,block,in,4,0x0,,64,0,0,none,1,icmp,84,203.0.113.5,198.51.100.7,request";
        assertThat(run(new Filterlog(), "{\"summary\": \"" + line + "\", \"details\": {\"program\": \"filterlog\"}}")
                .get("details")).isEqualTo(json("""
                {"program": "filterlog", "rulenumber": "9", "subrulenumber": "", "anchor": "",
                 "trackor": "1000000103", "interface": "igb1", "reason": "match", "action": "block",
                 "direction": "in", "ipversion": "4",
                 "ip": {"version": 4, "tos": "0x0", "ecn": "", "ttl": "64", "id": "0", "offset": "0",
                        "flags": "none", "protocolid": "1", "protocoltext": "icmp", "length": "84"},
                 "sourceipaddress": "203.0.113.5", "destinationipaddress": "198.51.100.7"}"""));
    }

    @Test
    void shortOrOtherSummariesAreLeftAlone() {
        assertThat(run(new Filterlog(), "{\"summary\": \"a,b,c\"}")).isEqualTo(json("{\"summary\": \"a,b,c\"}"));
        assertThat(run(new Filterlog(), "{\"summary\": 5}")).isEqualTo(json("{\"summary\": 5}"));
    }

    @Test
    void aLineShorterThanItsLayoutIsKeptUnparsedNotLost() {
        String line = "5,,,1000000103,igb1,match,block,in,4,0x0,,64,12345,0,DF,6,tcp,60,203.0.113.5";
        assertThat(run(new Filterlog(), "{\"summary\": \"" + line + "\"}"))
                .isEqualTo(json("{\"summary\": \"" + line + "\"}"));
    }
}
