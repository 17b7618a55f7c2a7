package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

class EventCorpusTest {
    private static final Instant END = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void sameSeedGivesSameEventsAndAnotherSeedOthers() {
        EventCorpus a = EventCorpus.generate(7, 300, END);
        EventCorpus b = EventCorpus.generate(7, 300, END);
        EventCorpus c = EventCorpus.generate(8, 300, END);
        for (int i = 0; i < 300; i++) {
            assertThat(a.event(i)).isEqualTo(b.event(i));
        }
        assertThat(c.event(0)).isNotEqualTo(a.event(0));
    }

    @Test
    void theSyntheticMixIsOneSmallFlatShapeWithInternalAddressesOnly() throws Exception {
        EventCorpus corpus = EventCorpus.generate(1, 1_000, END, EventCorpus.Mix.SYNTHETIC);
        assertThat(corpus.averageBytes()).isBetween(180.0, 280.0);
        for (int i = 0; i < corpus.size(); i++) {
            JsonNode event = Json.MAPPER.readTree(corpus.event(i));
            assertThat(event.path("category").asText()).isEqualTo("synthetic");
            assertThat(event.path("summary").asText()).isNotBlank();
            assertThat(event.path("details").size()).isEqualTo(3);
            assertThat(event.at("/details/sourceipaddress").asText()).startsWith("10.");
            assertThat(event.path("tags").isMissingNode()).isTrue();
        }
    }

    @Test
    void eventsAreMozDefShapedAndAbout550Bytes() throws Exception {
        EventCorpus corpus = EventCorpus.generate(1, 2_000, END);
        assertThat(corpus.averageBytes()).isBetween(450.0, 650.0);
        for (int i = 0; i < corpus.size(); i++) {
            JsonNode event = Json.MAPPER.readTree(corpus.event(i));
            assertThat(event.path("summary").asText()).isNotBlank();
            assertThat(event.path("category").asText()).isNotBlank();
            assertThat(event.path("hostname").asText()).isNotBlank();
            assertThat(event.path("severity").asText()).matches("[A-Z]+");
            assertThat(event.path("details").isObject()).isTrue();
            assertThat(event.path("tags").isArray()).isTrue();
            Instant at = OffsetDateTime.parse(event.path("timestamp").asText()).toInstant();
            assertThat(at).isBetween(END.minusSeconds(600), END);
            assertThat(new String(corpus.event(i), StandardCharsets.UTF_8)).doesNotContain("\n");
        }
    }

    @Test
    void eventsAreVaried() throws Exception {
        EventCorpus corpus = EventCorpus.generate(3, 2_000, END);
        Set<String> summaries = new HashSet<>();
        Set<String> categories = new HashSet<>();
        Set<String> sourceIps = new HashSet<>();
        for (int i = 0; i < corpus.size(); i++) {
            JsonNode event = Json.MAPPER.readTree(corpus.event(i));
            summaries.add(event.path("summary").asText());
            categories.add(event.path("category").asText());
            sourceIps.add(event.at("/details/sourceipaddress").asText());
        }
        assertThat(summaries).hasSizeGreaterThan(1_500);
        assertThat(categories).contains("syslog", "execve", "bro", "bronotice", "AWSCloudtrail", "authentication", "network");
        assertThat(sourceIps).hasSizeGreaterThan(1_500);
    }

    @Test
    void bulkBodyPutsAnIndexActionBeforeEachEventAndCyclesThroughThePool() {
        EventCorpus corpus = EventCorpus.generate(5, 10, END);
        String[] lines = new String(corpus.bulkBody(8, 4), StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(9);
        assertThat(lines[8]).isEmpty();
        assertThat(lines[0]).isEqualTo("{\"index\":{\"_index\":\"events\"}}");
        assertThat(lines[1]).isEqualTo(new String(corpus.event(8), StandardCharsets.UTF_8));
        assertThat(lines[5]).isEqualTo(new String(corpus.event(0), StandardCharsets.UTF_8));
        assertThat(corpus.event(13)).isSameAs(corpus.event(3));
    }
}
