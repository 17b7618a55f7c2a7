package org.rampart.event.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.rampart.event.Json;

/** Invariants the fuzz tests share. */
final class FuzzAssertions {
    private FuzzAssertions() {}

    /**
     * Written as text, read back and written again, the value gives the same text: what the journal or the store holds
     * reads back as what was written.
     */
    static void assertJsonRoundTrips(JsonNode value) throws IOException {
        String written = Json.MAPPER.writeValueAsString(value);
        assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(written))).isEqualTo(written);
    }
}
