package org.rampart.event.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.normalize.Normalizer;

/**
 * Any JSON object a shipper sends goes through MozDef's key mapping: it never throws, never changes its input, always
 * gives an event with the fields every later stage reads, and the event survives being written and read again (the
 * journal and the store hold it as text). Seeds: the keyMapping and loginput fixtures of shared/conformance.
 */
class NormalizerFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneId.of("Europe/Berlin"));
    private static final Normalizer NORMALIZER = new Normalizer(CLOCK, "fuzz-host");

    @FuzzTest(maxDuration = "5m")
    void keyMappingTakesAnyObject(byte[] body) throws IOException {
        JsonNode raw;
        try {
            raw = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return; // Jackson refused it: intake answers 400 and nothing reaches the normalizer
        }
        if (!(raw instanceof ObjectNode object)) {
            return;
        }
        String before = object.toString();

        ObjectNode event = NORMALIZER.keyMapping(object);

        assertThat(object.toString()).as("the input is left as it was").isEqualTo(before);
        assertThat(event.path("type").asText()).isEqualTo("event");
        assertThat(event.path("details").isObject()).isTrue();
        assertThat(Timestamps.parse(event.path("utctimestamp"), CLOCK)).as("utctimestamp is a date").isNotNull();
        assertThat(Timestamps.parse(event.path("receivedtimestamp"), CLOCK)).isEqualTo(CLOCK.instant());
        FuzzAssertions.assertJsonRoundTrips(event);
    }
}
