package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;
import java.time.Clock;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;

/** guardDuty's outbound brute-force handling, which no MozDef test covers. */
class GuardDutyTest {
    private final GuardDuty plugin = new GuardDuty();

    private static ObjectNode rdpBruteForce() throws IOException {
        JsonNode fixture = Json.MAPPER.readTree(RepoRoot.get().resolve("conformance/mq/guardDuty.json").toFile());
        for (JsonNode c : fixture.path("cases")) {
            if (c.path("id").asText().endsWith("test_rdpbruteforce")) {
                return (ObjectNode) c.get("input").deepCopy();
            }
        }
        throw new IllegalStateException("fixture case test_rdpbruteforce is missing");
    }

    @Test
    void anOutboundBruteForceHasTheInstanceAsSourceAndNoPorts() throws IOException {
        ObjectNode event = rdpBruteForce();
        ((ObjectNode) event.at("/details/finding/action/networkConnectionAction"))
                .put("connectionDirection", "OUTBOUND");

        JsonNode d = plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC()))).get("details");

        assertThat(d.path("direction").asText()).isEqualTo("OUTBOUND");
        assertThat(d.path("destinationipaddress").asText()).isEqualTo("185.209.0.81");
        assertThat(d.path("sourceipaddress").asText()).isEqualTo("34.220.111.126");
        assertThat(d.has("sourceport")).isFalse();
        assertThat(d.has("destinationport")).isFalse();
    }

    @Test
    void anInboundBruteForceKeepsTheAttackerAsSource() throws IOException {
        JsonNode d = plugin.onMessage(rdpBruteForce(), new EventMetadata(EventContext.at(Clock.systemUTC()))).get("details");

        assertThat(d.path("sourceipaddress").asText()).isEqualTo("185.209.0.81");
        assertThat(d.path("destinationipaddress").asText()).isEqualTo("34.220.111.126");
        assertThat(d.path("destinationport").asInt()).isEqualTo(3389);
    }
}
