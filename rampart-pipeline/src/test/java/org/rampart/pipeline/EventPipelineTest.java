package org.rampart.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;

/** The pipeline's own paths; whole-worker parity with MozDef is EventTaskParityTest in rampart-testkit. */
class EventPipelineTest {
    @Test
    void aCustomEndpointBodySkipsNormalizationAndGetsTheStoredShape() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
        PluginContext ctx = new PluginContext(() -> "node1", null, null);
        EventPipeline pipeline = new EventPipeline(PluginChain.load(Extensions.bundled(), ctx, Set.of()), "node1");
        ObjectNode custom = pipeline.process((ObjectNode) Json.MAPPER.readTree(
                "{\"customendpoint\": true, \"endpoint\": \"myapp\", \"foo\": \"bar\"}"), new EventMetadata(EventContext.at(clock)));
        assertThat(custom.get("foo").asText()).as("kept: not normalized").isEqualTo("bar");
        assertThat(custom.get("type").asText()).as("customDocType ran").isEqualTo("myapp");
        assertThat(custom.get("utctimestamp").asText()).isEqualTo("2030-01-02T03:04:05+00:00");
        assertThat(custom.get("mozdefhostname").asText()).isEqualTo("node1");

        ObjectNode normal = pipeline.process((ObjectNode) Json.MAPPER.readTree(
                "{\"foo\": \"bar\", \"message\": \"hi\"}"), new EventMetadata(EventContext.at(clock)));
        assertThat(normal.has("foo")).as("unknown top-level keys are dropped by keyMapping").isFalse();
        assertThat(normal.get("summary").asText()).isEqualTo("hi");
        assertThat(normal.at("/mozdef/plugins").isArray()).isTrue();
    }

    @Test
    void anEventAnInputBuiltSkipsNormalizationAndLosesTheMark() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
        EventPipeline pipeline = new EventPipeline(PluginChain.load(Extensions.bundled(), new PluginContext(() -> "node1", null, null),
                Set.of()), "node1");
        ObjectNode built = pipeline.process((ObjectNode) Json.MAPPER.readTree(
                "{\"rampart_prebuilt\": true, \"source\": \"boto\", \"facility\": \"auth\", \"receivedtimestamp\": \"2030-01-01T00:00:00+00:00\"}"),
                new EventMetadata(EventContext.at(clock)));
        assertThat(built.get("source").asText()).as("keyMapping would have made it auth").isEqualTo("boto");
        assertThat(built.get("receivedtimestamp").asText()).isEqualTo("2030-01-01T00:00:00+00:00");
        assertThat(built.has("rampart_prebuilt")).isFalse();
    }
}
