package org.rampart.intake.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

/** The examples of RFC 5424 §6.5 and RFC 3164 §5.4, and what daemons send that the RFCs do not foresee. */
class SyslogParserTest {
    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private final SyslogParser utc = new SyslogParser(ZoneOffset.UTC, DEC_2026);

    private SyslogParser.Parsed parse(SyslogParser parser, String message) {
        return parser.parse(message.getBytes(StandardCharsets.UTF_8), "192.0.2.9", false);
    }

    @Test
    void rfc5424WithoutStructuredDataAndAByteOrderMark() {
        SyslogParser.Parsed parsed = parse(utc,
                "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
        ObjectNode event = parsed.event();
        assertThat(parsed.wellFormed()).isTrue();
        assertThat(event.get("hostname").asText()).isEqualTo("mymachine.example.com");
        assertThat(event.get("processname").asText()).isEqualTo("su");
        assertThat(event.has("processid")).isFalse();
        assertThat(event.get("severity").asText()).isEqualTo("CRIT");
        assertThat(event.get("facility").asText()).isEqualTo("auth");
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2003-10-11T22:14:15.003000+00:00");
        assertThat(event.get("summary").asText()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(event.get("details").get("msgid").asText()).isEqualTo("ID47");
        assertThat(event.get("category").asText()).isEqualTo("syslog");
    }

    @Test
    void rfc5424WithAnOffsetAndAProcessId() {
        ObjectNode event = parse(utc,
                "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.").event();
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2003-08-24T12:14:15.000003+00:00");
        assertThat(event.get("processid").asText()).isEqualTo("8710");
        assertThat(event.get("severity").asText()).isEqualTo("NOTICE");
        assertThat(event.get("facility").asText()).isEqualTo("local4");
        assertThat(event.get("summary").asText()).isEqualTo("%% It's time to make the do-nuts.");
    }

    @Test
    void rfc5424StructuredDataGoesToDetailsWithEscapesUndone() {
        ObjectNode event = parse(utc, "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                + "[examplePriority@32473 class=\"high \\\"q\\\" \\] \\\\\"]").event();
        JsonNode details = event.get("details");
        assertThat(details.get("exampleSDID@32473").get("eventSource").asText()).isEqualTo("Application");
        assertThat(details.get("exampleSDID@32473").get("eventID").asText()).isEqualTo("1011");
        assertThat(details.get("examplePriority@32473").get("class").asText()).isEqualTo("high \"q\" ] \\");
        assertThat(event.get("summary").asText()).isEmpty();
    }

    @Test
    void rfc3164WithTagAndPidReadInTheConfiguredZone() {
        SyslogParser berlin = new SyslogParser(ZoneId.of("Europe/Berlin"), DEC_2026);
        ObjectNode event = parse(berlin, "<86>Dec  6 08:00:00 web01 sshd[4242]: Accepted publickey for root").event();
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2026-12-06T07:00:00+00:00");
        assertThat(event.get("hostname").asText()).isEqualTo("web01");
        assertThat(event.get("processname").asText()).isEqualTo("sshd");
        assertThat(event.get("processid").asText()).isEqualTo("4242");
        assertThat(event.get("severity").asText()).isEqualTo("INFO");
        assertThat(event.get("facility").asText()).isEqualTo("authpriv");
        assertThat(event.get("summary").asText()).isEqualTo("Accepted publickey for root");
    }

    @Test
    void rfc3164Examples() {
        ObjectNode su = parse(utc, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8").event();
        assertThat(su.get("processname").asText()).isEqualTo("su");
        assertThat(su.get("utctimestamp").asText()).isEqualTo("2026-10-11T22:14:15+00:00");
        assertThat(su.get("summary").asText()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");

        // No TAG: the text after the hostname is the message.
        ObjectNode bfg = parse(utc, "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!").event();
        assertThat(bfg.get("hostname").asText()).isEqualTo("10.0.0.99");
        assertThat(bfg.has("processname")).isFalse();
        assertThat(bfg.get("summary").asText()).isEqualTo("Use the BFG!");

        // No recognisable TIMESTAMP: all of it is the message, the sender is the host.
        SyslogParser.Parsed folks = parse(utc, "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org sched[0]: That's All Folks!");
        assertThat(folks.wellFormed()).isTrue();
        assertThat(folks.event().get("severity").asText()).isEqualTo("EMERG");
        assertThat(folks.event().get("hostname").asText()).isEqualTo("192.0.2.9");
        assertThat(folks.event().get("summary").asText()).startsWith("1990 Oct 22");
    }

    @Test
    void aTimeAheadOfTheClockIsLastYears() {
        Clock newYear = Clock.fixed(Instant.parse("2027-01-01T00:00:05Z"), ZoneOffset.UTC);
        ObjectNode event = parse(new SyslogParser(ZoneOffset.UTC, newYear), "<14>Dec 31 23:59:59 h app: late").event();
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2026-12-31T23:59:59+00:00");
    }

    @Test
    void rsyslogHighPrecisionTimestampInTheLegacyFormat() {
        ObjectNode event = parse(utc, "<14>2026-12-06T09:00:00.5+01:00 web01 app[7]: hi").event();
        assertThat(event.get("utctimestamp").asText()).isEqualTo("2026-12-06T08:00:00.500000+00:00");
        assertThat(event.get("processname").asText()).isEqualTo("app");
    }

    @Test
    void textThatIsNotSyslogIsKeptWithTheReason() {
        for (String bad : new String[] {"hello there", "<999>1 - - - - - -", "<14>1 2003-10-11T22:14:15Z h a p m [broken",
                "<14>1 yesterday h a p m - text", "<14>7 - - - - - - text"}) {
            SyslogParser.Parsed parsed = parse(utc, bad);
            assertThat(parsed.wellFormed()).as(bad).isFalse();
            assertThat(parsed.event().get("summary").asText()).isEqualTo(bad);
            assertThat(parsed.event().get("details").get("syslogerror").asText()).isNotEmpty();
            assertThat(parsed.event().has("severity")).isFalse();
            assertThat(parsed.event().get("hostname").asText()).isEqualTo("192.0.2.9");
        }
    }

    @Test
    void theJsonStaysWithinTheBoundEvenWhenEscapingGrowsIt() throws Exception {
        // Control characters are 1 byte in the message and 6 in JSON.
        String message = "<14>Dec  6 08:00:00 h app: " + "\u0001".repeat(900);
        SyslogParser.Parsed parsed = utc.parse(message.getBytes(StandardCharsets.UTF_8), "192.0.2.9", false);
        byte[] json = SyslogParser.json(parsed.event(), 1000);
        assertThat(json.length).isLessThanOrEqualTo(1000);
        JsonNode event = Json.MAPPER.readTree(json);
        assertThat(event.get("details").get("truncated").asBoolean()).isTrue();
        assertThat(event.get("summary").asText()).isNotEmpty().matches("\u0001+");
        assertThat(event.get("processname").asText()).isEqualTo("app");
    }
}
