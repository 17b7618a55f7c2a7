package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.TermMatch;
import org.rampart.store.opensearch.OpenSearchEventStore;
import org.rampart.store.opensearch.OpenSearchNode;

/**
 * {@code store.type: opensearch}, and the OpenSearch node is killed (SIGKILL) under load: the pipeline waits for it
 * instead of storing the events raw, intake keeps acknowledging into the journal up to {@code journal.max_unconsumed},
 * then answers 503; once the node is started again the journal drains into it, intake accepts again, and every
 * acknowledged event is in OpenSearch exactly once, with its fields.
 */
class OpenSearchStoppedTest {
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void aKilledOpenSearchFillsTheJournalToItsBoundThen503AndLosesNothingWhenItIsBack() throws Exception {
        OpenSearchNode node = OpenSearchNode.shared();
        assumeTrue(node.local(), "an external cluster (rampart.opensearch.url) is not killed by tests");
        String prefix = "stopped-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT) + "-";
        EventLoad load;
        int ackedBeforeKill;
        int ackedWhileStopped;
        try (RampartProcess rampart = new RampartProcess(dir, dir.resolve("data"))) {
            rampart.set("store.type", "opensearch").set("store.opensearch.url", node.url().toString())
                    .set("store.opensearch.index_prefix", prefix).set("store.opensearch.replicas", "0")
                    .set("store.opensearch.timeout", "10s")
                    .set("journal.segment_size", "64KiB").set("journal.max_unconsumed", "256KiB").start();

            load = EventLoad.start(rampart.intakePort(), "opensearch-stopped", CLIENTS, 50_000, 512);
            await().atMost(Duration.ofSeconds(120)).until(() -> load.acked.size() >= 300);
            ackedBeforeKill = load.acked.size();
            node.kill();
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> load.replies(503) >= 50);
                ackedWhileStopped = load.acked.size() - ackedBeforeKill;
                assertThat(load.lastBody(503)).contains("max_unconsumed");
            } finally {
                node.restart();
            }
            int ackedAtRestart = load.acked.size();
            await().atMost(Duration.ofSeconds(240)).until(() -> load.acked.size() >= ackedAtRestart + 500);
            load.stop();
            System.out.println("opensearch stopped: replies " + load.statuses() + ", " + ackedBeforeKill
                    + " acknowledged before the kill, " + ackedWhileStopped + " while it was down");
            assertThat(load.statuses().keySet()).as("reply statuses").allMatch(status -> status / 100 == 2 || status == 503);
            assertThat(ackedWhileStopped).as("acknowledged into the journal while OpenSearch was down").isPositive();

            rampart.stop();
            assertThat(rampart.log()).as("no event stored raw for the outage").doesNotContain("storing it raw");
        }

        OpenSearchEventStore.Options options = new OpenSearchEventStore.Options(List.of(node.url()), "", "", prefix, 100,
                Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(30), "", "faulttest");
        try (OpenSearchEventStore store = OpenSearchEventStore.open(options, Clock.systemUTC(), dir.resolve("verify"))) {
            StoredEvents.verify(store, "OpenSearch stopped (SIGKILL), then restarted", CLIENTS + " clients, 0.5 KiB"
                    + " events, journal.max_unconsumed 256KiB, " + ackedBeforeKill + " acked before the kill, "
                    + ackedWhileStopped + " while it was down, " + load.replies(503) + " x 503", List.of(load));
            List<String> partitions = store.partitions().stream().map(StorePartition::name).toList();
            assertThat(partitions).as("no document kept unindexed").noneMatch(name -> name.contains("unindexed"));
            assertThat(store.count(SearchQuery.all().addMust(new TermMatch("tags", EventProcessor.ERROR_TAG)),
                    List.of("events-*"))).as("raw error events").isZero();
        }
    }
}
