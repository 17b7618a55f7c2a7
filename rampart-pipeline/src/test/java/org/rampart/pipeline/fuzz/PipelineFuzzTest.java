package org.rampart.pipeline.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.event.testing.GeoIpData;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPipeline;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;

/**
 * Every event goes through normalization and the whole bundled plugin chain (with the real GeoIP database). A plugin
 * that throws is caught by the chain and skipped, but the event then misses that plugin's work: here any plugin
 * failure is a finding. What comes out must be storable: written and read back as the same JSON.
 */
class PipelineFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private static final PluginChain CHAIN = PluginChain.load(Extensions.bundled(),
            new PluginContext(() -> "fuzz-host", null, GeoIpData.dir()), Set.of());
    private static final EventPipeline PIPELINE = new EventPipeline(CHAIN, "fuzz-host");

    /**
     * Syslog as shippers send it (the syslog parsing plugins sshd, su, filterlog, fail2ban, snmptt, auditd, squid,
     * Stackdriver's syslog): the first byte picks the program, the rest is the message they parse.
     */
    private static final List<String> SYSLOG_TEMPLATES = List.of(
            "{\"category\": \"syslog\", \"processname\": \"sshd\", \"hostname\": \"h1\", \"details\": {\"program\": \"sshd\"}}",
            "{\"category\": \"syslog\", \"processname\": \"su\", \"hostname\": \"h1\", \"details\": {\"program\": \"sshd\"}}",
            "{\"category\": \"syslog\", \"processname\": \"filterlog\", \"hostname\": \"fw1\"}",
            "{\"category\": \"syslog\", \"processname\": \"fail2ban\", \"hostname\": \"h1\"}",
            "{\"category\": \"syslog\", \"processname\": \"snmptt\", \"hostname\": \"h1\"}",
            "{\"category\": \"auditd\", \"processname\": \"audisp-json\", \"hostname\": \"h1\", \"details\": {}}",
            "{\"category\": \"squid\", \"customendpoint\": true, \"source\": \"access\", \"tags\": [\"squid\"]}");

    @FuzzTest(maxDuration = "5m")
    void anyJsonEventGoesThroughEveryPlugin(byte[] body) throws IOException {
        JsonNode raw;
        try {
            raw = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return; // intake answers 400: such a body is never journaled
        }
        if (raw instanceof ObjectNode event) {
            assertProcessed(event);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void anySyslogMessageGoesThroughEveryPlugin(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        String template = SYSLOG_TEMPLATES.get((input[0] & 0xff) % SYSLOG_TEMPLATES.size());
        String message = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(template);
        event.put("summary", message);
        event.put("MESSAGE", message); // the custom-endpoint shape (squid) carries the line here
        event.withObjectProperty("details").put("textPayload", message);
        assertProcessed(event);
    }

    private static void assertProcessed(ObjectNode event) throws IOException {
        long failuresBefore = CHAIN.failures();

        ObjectNode out = PIPELINE.process(event, new EventMetadata(EventContext.at(CLOCK)));

        assertThat(CHAIN.failures()).as("no plugin threw").isEqualTo(failuresBefore);
        if (out != null) {
            String written = Json.MAPPER.writeValueAsString(out);
            assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(written))).isEqualTo(written);
            assertThat(out.path("utctimestamp").isTextual()).as("stored with its time").isTrue();
        }
    }
}
