package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.pipeline.plugins.PluginTesting.configured;
import static org.rampart.pipeline.plugins.PluginTesting.json;
import static org.rampart.pipeline.plugins.PluginTesting.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.pipeline.EventMetadata;

/** The plugins MozDef has no tests for: one behaviour each, against MozDef's description (catalog §3). */
class SmallPluginsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"true|true", "\"bro\"|true", "false|false", "\"\"|false", "0|false"})
    void customDocTypeSetsTypeFromTheEndpointWhenCustom(String customendpoint, boolean changed) {
        ObjectNode out = run(new CustomDocType(), "{\"endpoint\": \"bro\", \"customendpoint\": " + customendpoint + "}");
        assertThat(out.has("type")).isEqualTo(changed);
        if (changed) {
            assertThat(out.get("type").asText()).isEqualTo("bro");
        }
    }

    @Test
    void dropMessageDropsHealthChecksOnlyWithoutAnotherType() {
        String check = "\"details\": {\"http_user_agent\": \"ELB-HealthChecker/1.0\"}";
        assertThat(run(new DropMessage(), "{" + check + "}")).isNull();
        assertThat(run(new DropMessage(), "{\"type\": \"auditd\", " + check + "}")).isNull();
        assertThat(run(new DropMessage(), "{\"type\": \"event\", " + check + "}")).isNotNull();
        assertThat(run(new DropMessage(), "{\"details\": {\"http_user_agent\": \"curl\"}}")).isNotNull();
    }

    @Test
    void googleFixupTypesActivityReports() {
        assertThat(run(new GoogleFixup(), "{\"details\": {\"kind\": \"admin#reports#activity\", \"etag\": \"\\\"a/b\\\"\"}}"))
                .isEqualTo(json("{\"details\": {\"kind\": \"admin#reports#activity\", \"etag\": \"a/b\"}, \"type\": \"google\"}"));
        assertThat(run(new GoogleFixup(), "{\"details\": {\"kind\": \"other\"}}").has("type")).isFalse();
    }

    @Test
    void netflowFixupTypesTheEvent() {
        assertThat(run(new NetflowFixup(), "{\"type\": \"event\"}").get("type").asText()).isEqualTo("netflow");
    }

    @Test
    void nagiosHostnameSetsTheDocumentIdToMd5OfTheUtf8Bytes() {
        EventMetadata md = new EventMetadata(EventContext.at(Clock.systemUTC()));
        run(new NagiosHostname(), "{\"details\": {\"nagios_hostname\": \"web1\"}}", md);
        // echo -n nagiosstatusweb1 | md5sum
        assertThat(md.id()).isEqualTo(Md5.hex("nagiosstatusweb1")).hasSize(32);
        assertThat(Md5.hex("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        EventMetadata untouched = new EventMetadata(EventContext.at(Clock.systemUTC()));
        run(new NagiosHostname(), "{\"details\": {}}", untouched);
        assertThat(untouched.id()).isNull();
    }

    @Test
    void removeDotsRenamesKeysStartingOrEndingWithADot() {
        assertThat(run(new RemoveDots(), """
                {"details": {".a.b": 1, "c.": {"d.e": 2, ".f": [{"g.": 3}]}}}"""))
                .isEqualTo(json("{\"details\": {\"ab\": 1, \"c\": {\"d.e\": 2, \"f\": [{\"g\": 3}]}}}"));
    }

    @Test
    void mozillaLocationNamesTheSiteFromTheBundledLists() {
        MozillaLocation plugin = configured(new MozillaLocation(), null);
        assertThat(run(plugin, "{\"hostname\": \"host.x.abc1.mozilla.com\"}").get("details")).isEqualTo(
                json("{\"site\": \"abc1\", \"sitetype\": \"datacenter\"}"));
        assertThat(run(plugin, "{\"details\": {\"hostname\": \"a.b.sfo1.mozilla.net\"}}").at("/details/sitetype")
                .asText()).isEqualTo("office");
        assertThat(run(plugin, "{\"hostname\": \"a.b.zzz9.mozilla.com\"}").at("/details/sitetype").asText())
                .isEqualTo("unknown");
        assertThat(run(plugin, "{\"hostname\": \"host.abc1.mozilla.com\"}").has("details")).isFalse();
        ObjectNode upper = run(plugin, "{\"hostname\": \"Web1.Private.SFO1.Mozilla.COM\"}");
        assertThat(upper.get("details")).isEqualTo(json("{\"site\": \"sfo1\", \"sitetype\": \"office\"}"));
        assertThat(upper.get("hostname").asText()).isEqualTo("Web1.Private.SFO1.Mozilla.COM");
    }

    @Test
    void mozillaLocationReadsTheConfigFolderFirst(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(MozillaLocation.CONFIG), "[options]\ndc_code_list=zzz9\noffices_code_list=\n");
        MozillaLocation plugin = configured(new MozillaLocation(), dir);
        assertThat(run(plugin, "{\"hostname\": \"a.b.zzz9.mozilla.com\"}").at("/details/sitetype").asText())
                .isEqualTo("datacenter");
        assertThat(run(plugin, "{\"hostname\": \"a.b.abc1.mozilla.com\"}").at("/details/sitetype").asText())
                .isEqualTo("unknown");
    }

    @Test
    void sshdFindIpTakesTheFirstIpv4WordOfTheSummary() {
        assertThat(run(new SshdFindIp(), "{\"summary\": \"Failed password for root from '203.0.113.9', port 22\"}")
                .at("/details/sourceipaddress").asText()).isEqualTo("203.0.113.9");
        assertThat(run(new SshdFindIp(), """
                {"summary": "from 203.0.113.9", "details": {"sourceipaddress": "1.1.1.1"}}""")
                .at("/details/sourceipaddress").asText()).isEqualTo("1.1.1.1");
        assertThat(run(new SshdFindIp(), "{\"summary\": \"no address 1.2.3\"}").at("/details").has("sourceipaddress"))
                .isFalse();
    }

    @Test
    void parseSuReadsSuSessions() {
        assertThat(run(new ParseSu(), """
                {"summary": "pam_unix(su:session): session opened for user root by alice(uid=1000)",
                 "details": {"program": "su"}}""").get("details")).isEqualTo(json("""
                {"program": "su", "originuser": "alice", "status": "opened", "uid": "1000", "username": "root"}"""));
        assertThat(run(new ParseSu(), """
                {"summary": "pam_unix(su-l:session): session closed for user root", "details": {"program": "su"}}""")
                .at("/details/status").asText()).isEqualTo("closed");
        assertThat(run(new ParseSu(), "{\"summary\": \"pam_unix(su:session): x\", \"details\": {\"program\": \"sshd\"}}")
                .get("details")).isEqualTo(json("{\"program\": \"sshd\"}"));
    }

    @Test
    void observiumAlertsAreParsedIntoTheHostnameAndTagged() {
        ObjectNode out = run(new Observium(), """
                {"summary": "observium[123]: ALERT: [db1.example.com] [port] [eth0 ] x] Port down\\nmore",
                 "hostname": "syslog1", "details": {"program": "Observium"}, "tags": ["syslog"]}""");
        assertThat(out.get("hostname").asText()).isEqualTo("db1.example.com");
        assertThat(out.get("details")).isEqualTo(json("""
                {"program": "Observium", "alert_type": "ALERT", "entity_type": "port", "entity": "eth0 ] x",
                 "alert_message": "Port down"}"""));
        assertThat(out.get("tags")).isEqualTo(json("{\"t\": [\"syslog\", \"alert\"]}").get("t"));
        assertThat(run(new Observium(), """
                {"summary": "a:b: [h] [t] [e] ", "details": {"program": "Observium"}, "tags": "syslog"}""").toString())
                .isEqualTo(json("""
                {"summary": "a:b: [h] [t] [e] ", "details": {"program": "Observium", "alert_type": "a:b",
                 "entity_type": "t", "entity": "e", "alert_message": ""}, "tags": ["alert"], "hostname": "h"}""")
                        .toString());
    }

    @Test
    void observiumLeavesOtherLinesAndProgramsAlone() {
        String notAnAlert = "{\"summary\": \"[db1] [ALERT] [port] [Gi0/1] Port down\", \"details\": {\"program\": \"Observium\"}}";
        assertThat(run(new Observium(), notAnAlert)).isEqualTo(json(notAnAlert));
        String otherProgram = "{\"summary\": \"ALERT: [h] [t] [e] m\", \"details\": {\"program\": \"observium\"}}";
        assertThat(run(new Observium(), otherProgram)).isEqualTo(json(otherProgram));
    }

    @Test
    void snmpttTrapsAreParsedIntoTheHostnameAndTagged() {
        ObjectNode out = run(new Snmptt(), """
                {"summary": "snmptrapd: linkDown Normal \\"Status Events\\" sw1.example.com - Link down on ifIndex 3",
                 "details": {"program": "snmptt"}}""");
        assertThat(out.get("hostname").asText()).isEqualTo("sw1.example.com");
        assertThat(out.get("details")).isEqualTo(json("""
                {"program": "snmptt", "trapname": "linkDown", "trapseverity": "Normal",
                 "trappayload": "Link down on ifIndex 3"}"""));
        assertThat(out.get("tags").toString()).isEqualTo("[\"alert\"]");
        String otherCategory = "{\"summary\": \"linkDown Normal \\\"Other\\\" sw1 - x\", \"details\": {\"program\": \"snmptt\"}}";
        assertThat(run(new Snmptt(), otherCategory)).isEqualTo(json(otherCategory));
    }

    @Test
    void rtFlowDenyAndCreateAreParsedWithMozDefsKeys() {
        ObjectNode deny = run(new RtFlow(), """
                {"summary": "%-RT_FLOW_SESSION_DENY: session denied 10.1.1.1/52199->8.8.8.8/53 junos-dns-udp 17(0) default-deny(global) trust untrust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 UNKNOWN policy deny",
                 "details": {"program": "RT_FLOW"}}""");
        assertThat(deny.get("details")).isEqualTo(json("""
                {"program": "RT_FLOW", "action": "denied", "sourceipaddress": "10.1.1.1", "sourceport": "52199",
                 "destinationipaddress": "8.8.8.8", "destinationport": "53", "service": "junos-dns-udp",
                 "protocol": "17", "protocoltype": "0", "policy": "default-deny(global)", "sourcezone": "trust",
                 "destinationzone": "untrust", "interface": "ge-0/0/1.0"}"""));
        ObjectNode create = run(new RtFlow(), """
                {"summary": "%-RT_FLOW_SESSION_CREATE: session created 10.1.1.1/52199->8.8.8.8/53 junos-dns-udp 203.0.113.1/23343->8.8.8.8/53 source-nat-rule None 17 default-permit trust untrust 12345 N/A(N/A) ge-0/0/1.0",
                 "details": {"program": "RT_FLOW"}}""");
        assertThat(create.get("details")).isEqualTo(json("""
                {"program": "RT_FLOW", "action": "created", "sourceipaddress": "10.1.1.1", "sourceport": "52199",
                 "destinationipaddress": "8.8.8.8", "destinationport": "53", "service": "junos-dns-udp",
                 "sourcenatrule": "source-nat-rule", "destinationnatrule": "None", "protocol": "17",
                 "policy": "default-permit", "sourcezone": "trust", "destinationzone": "untrust",
                 "sessionid": "12345", "interface": "ge-0/0/1.0"}"""));
    }

    @Test
    void rtFlowNeedsItsProgramAndTheExactPrefix() {
        for (String event : List.of(
                "{\"summary\": \"%-RT_FLOW_SESSION_DENY: session denied 1.1.1.1/1->2.2.2.2/2 s 6(0) p a b UNKNOWN UNKNOWN N/A(N/A) i\"}",
                "{\"summary\": \"RT_FLOW_SESSION_DENY: session denied 1.1.1.1/1->2.2.2.2/2 s 6(0) p a b UNKNOWN UNKNOWN N/A(N/A) i\", \"details\": {\"program\": \"RT_FLOW\"}}",
                "{\"summary\": \"%-RT_FLOW_SESSION_DENY: session denied 1.1.1.1/1->2.2.2.2/2 s 6(0) p a b junos-ssh UNKNOWN N/A(N/A) i\", \"details\": {\"program\": \"RT_FLOW\"}}",
                "{\"summary\": \"%-RT_FLOW_SESSION_CLOSE: session closed\", \"details\": {\"program\": \"RT_FLOW\"}}")) {
            assertThat(run(new RtFlow(), event)).as(event).isEqualTo(json(event));
        }
    }

    @Test
    @Timeout(60) // a hang means a pattern backtracks
    void longHostileSummariesAreSearchedQuickly() {
        // Linear patterns: a backtracking search over these would not finish.
        String runs = "a".repeat(200_000) + " ";
        String brackets = "x: [h] [t] [".repeat(20_000);
        for (String summary : List.of(runs.repeat(5), brackets, "b ".repeat(100_000))) {
            ObjectNode observium = json("{\"details\": {\"program\": \"Observium\"}}").put("summary", summary);
            ObjectNode snmptt = json("{\"details\": {\"program\": \"snmptt\"}}").put("summary", summary);
            assertThat(new Observium().onMessage(observium, new EventMetadata(EventContext.at(Clock.systemUTC())))).isNotNull();
            assertThat(new Snmptt().onMessage(snmptt, new EventMetadata(EventContext.at(Clock.systemUTC())))).isNotNull();
        }
    }

    @Test
    void pythonJsonDumpsAsPythonDoes() {
        assertThat(PythonJson.dumps(json("{\"a\": [1, 2.5, true, null, \"é\\n\"], \"b\": {}}")))
                .isEqualTo("{\"a\": [1, 2.5, true, null, \"\\u00e9\\n\"], \"b\": {}}");
        assertThat(PythonJson.floatRepr(1e20)).isEqualTo("1e+20");
        assertThat(PythonJson.floatRepr(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(PythonJson.floatRepr(12345678.0)).isEqualTo("12345678.0");
        assertThat(PythonJson.floatRepr(-0.25)).isEqualTo("-0.25");
    }
}
