package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

class OpenSearchBulkBaselineTest {
    private static final Instant END = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theEnrichedCorpusIsEachEventAsRampartStoresIt() throws Exception {
        String geoip = System.getProperty("rampart.geoip.dir");
        assertThat(geoip).as("the build passes -Drampart.geoip.dir to tests").isNotBlank();
        EventCorpus corpus = EventCorpus.generate(5, 500, END);

        EventCorpus enriched = OpenSearchBulkBaseline.enriched(corpus, Path.of(geoip));

        assertThat(enriched.size()).isEqualTo(corpus.size());
        assertThat(enriched.averageBytes()).isGreaterThan(corpus.averageBytes() * 1.3);
        int geolocated = 0;
        for (int i = 0; i < enriched.size(); i++) {
            JsonNode stored = Json.MAPPER.readTree(enriched.event(i));
            // What the pipeline adds to every event.
            assertThat(stored.path("utctimestamp").asText()).isNotBlank();
            assertThat(stored.path("receivedtimestamp").asText()).isNotBlank();
            assertThat(stored.path("mozdefhostname").asText()).isEqualTo("bench");
            assertThat(stored.at("/mozdef/plugins").isArray()).isTrue();
            assertThat(stored.path("summary").asText()).isNotBlank();
            if (stored.at("/details/sourceipgeolocation/country_code").isTextual()) {
                geolocated++;
            }
        }
        assertThat(geolocated).as("events whose public source address GeoIP placed").isGreaterThan(100);
    }

    @Test
    void theEnrichedCorpusNeedsGeoIp() {
        assertThatThrownBy(() -> OpenSearchBulkBaseline.enriched(EventCorpus.generate(5, 10, END), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--geoip-dir");
    }
}
