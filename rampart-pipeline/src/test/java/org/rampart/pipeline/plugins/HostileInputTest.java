package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * Events are attacker-controlled: events that pass each plugin's gate but hold fields of the wrong type must be
 * processed (kept, changed or dropped) without an exception.
 */
class HostileInputTest {
    private static final String ODD_DETAILS = "{\"ts\": \"never\", \"id.orig_h\": [1], \"service\": \"x\","
            + " \"src\": {\"a\": 1}, \"dst\": [2], \"get_requests\": \"many\", \"rx_hosts\": \"nolist\","
            + " \"times.created\": \"then\", \"certificate.not_valid_after\": true, \"version.major\": null,"
            + " \"flow\": \"x\", \"http\": 5, \"alert\": [], \"payload\": 5, \"auth_success\": null}";
    private static final List<String> BRO_LOGS = List.of("conn", "files", "dns", "http", "ssl", "dhcp", "ftp", "pe",
            "smtp", "ssh", "tunnel", "intel", "known_certs", "known_devices", "known_hosts", "known_services", "notice",
            "snmp", "rdp", "sip", "software", "socks", "dce_rpc", "kerberos", "ntlm", "smb_files", "smb_mapping",
            "x509", "other");

    static Stream<Arguments> hostileEvents() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String log : BRO_LOGS) {
            cases.add(Arguments.of(new BroFixup(), json("{\"category\": \"bro\", \"customendpoint\": 1,"
                    + " \"SOURCE\": \"bro_" + log + "\", \"MESSAGE\": " + Json.MAPPER.valueToTree(ODD_DETAILS) + "}")));
        }
        cases.add(Arguments.of(new BroFixup(), json("{\"category\": \"bro\", \"customendpoint\": 1, \"SOURCE\": 5,"
                + " \"MESSAGE\": 7}")));
        cases.add(Arguments.of(new SuricataFixup(), json("{\"category\": \"suricata\", \"customendpoint\": 1,"
                + " \"source\": \"eve-log\", \"event_type\": \"alert\", \"message\": "
                + Json.MAPPER.valueToTree(ODD_DETAILS) + "}")));
        cases.add(Arguments.of(new GithubWebhooks(), json("{\"tags\": [\"githubeventsqs\"], \"details\": \"x\"}")));
        cases.add(Arguments.of(new GithubWebhooks(), json("{\"tags\": \"githubeventsqs\","
                + " \"details\": {\"event\": \"push\", \"body\": [1, 2]}}")));
        cases.add(Arguments.of(new GuardDuty(), json("{\"source\": \"guardduty\", \"tags\": 7, \"details\":"
                + " {\"finding\": \"x\", \"type\": 5, \"resource\": {\"instanceDetails\": {\"networkInterfaces\": [],"
                + " \"tags\": \"x\"}}}}")));
        cases.add(Arguments.of(new GuardDuty(), json("{\"source\": \"guardduty\", \"details\":"
                + " {\"type\": \"Recon:EC2/PortProbeUnprotectedPort\", \"createdAt\": [], \"resource\":"
                + " {\"instanceDetails\": {\"tags\": [5, {\"key\": null}]}}}}")));
        cases.add(Arguments.of(new Stackdriver(), json("{\"tags\": [\"pubsub\"], \"details\": {\"logName\": 5,"
                + " \"protoPayload\": \"x\", \"timestamp\": []}}")));
        cases.add(Arguments.of(new StackdriverAudit(), json("{\"tags\": [\"stackdriver\"], \"category\": \"activity\","
                + " \"details\": \"x\"}")));
        cases.add(Arguments.of(new StackdriverGceActivity(), json("{\"tags\": [\"stackdriver\"],"
                + " \"category\": \"gceactivity\", \"details\": {\"jsonPayload\": 5}}")));
        cases.add(Arguments.of(new StackdriverSyslog(), json("{\"tags\": [\"stackdriver\"], \"category\": \"syslog\","
                + " \"details\": {\"textPayload\": 5}}")));
        cases.add(Arguments.of(new SquidFixup(), json("{\"category\": \"proxy\", \"customendpoint\": 1,"
                + " \"source\": \"access\", \"MESSAGE\": \"1 2 3 4 5 6 7 8 9 10 11 12 13\"}")));
        cases.add(Arguments.of(new SquidFixup(), json("{\"category\": \"proxy\", \"customendpoint\": 1,"
                + " \"source\": \"access\", \"MESSAGE\": 5}")));
        cases.add(Arguments.of(new ZoomFixup(), json("{\"tags\": [\"zoom\"], \"details\": 5}")));
        cases.add(Arguments.of(new TriageBot(), json("{\"category\": \"triagebot\", \"details\": {\"user\": \"x\"}}")));
        cases.add(Arguments.of(new TriageBot(), json("{\"category\": \"triagebot\", \"details\": {\"identifier\": 1,"
                + " \"response\": [], \"user\": {\"email\": 1, \"slack\": 2}}}")));
        cases.add(Arguments.of(new Vulnerability(), json("{\"type\": \"vulnerability\", \"version\": {},"
                + " \"asset\": 5}")));
        cases.add(Arguments.of(new ComplianceItems(), json("{\"details\": {\"check\": {\"test\": 5}}}")));
        return cases.build();
    }

    @ParameterizedTest
    @MethodSource("hostileEvents")
    void noExceptionEscapes(EventPlugin plugin, ObjectNode event) {
        plugin.configure(new PluginContext(() -> "host", null, null));
        assertThatCode(() -> plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC())))).doesNotThrowAnyException();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
