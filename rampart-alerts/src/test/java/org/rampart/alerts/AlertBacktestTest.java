package org.rampart.alerts;

import org.rampart.event.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.rampart.store.lucene.LuceneEventStore;

class AlertBacktestTest {
    private static final Instant END = Instant.parse("2026-03-04T05:06:00Z");

    private static ObjectNode event(String ip, Instant at) {
        ObjectNode event = Json.object().put("category", "test")
                .put("utctimestamp", Timestamps.isoformat(at)).put("receivedtimestamp", Timestamps.isoformat(at));
        event.putObject("details").put("ip", ip);
        return event;
    }

    @Test
    void eachEventFiresOnceAtTheFirstRunThatSeesItAndNothingIsWritten(@TempDir Path dir) throws Exception {
        AlertBacktest backtest = new AlertBacktest(END.minus(Duration.ofMinutes(120)));
        try (LuceneEventStore store = LuceneEventStore.open(dir, backtest.clock())) {
            store.index(List.of(
                    IndexRequest.append("events", null, event("x", END.minus(Duration.ofMinutes(100)))),
                    IndexRequest.append("events", null, event("y", END.minus(Duration.ofMinutes(52))))));
            store.refresh();

            List<AlertBacktest.Raised> raised = backtest.run(AlertTaskTest.PerEvent::new,
                    clock -> AlertEnvironment.builder(store, clock).config(new AlertConfig(null, key -> null)),
                    END, Duration.ofMinutes(5));

            assertThat(raised).extracting(r -> r.alert().source().path("summary").asText()).containsExactly("seen x", "seen y");
            assertThat(raised).extracting(AlertBacktest.Raised::at)
                    .containsExactly(END.minus(Duration.ofMinutes(100)), END.minus(Duration.ofMinutes(50)));
            assertThat(store.search(org.rampart.query.SearchQuery.all(), List.of("alerts"), 10).hits()).isEmpty();
        }
    }
}
