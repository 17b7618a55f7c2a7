package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stops taking writes (a store wrapper, {@link StallingStoreProvider}, whose writes wait): intake keeps
 * acknowledging into the journal up to {@code journal.max_unconsumed}, then answers 503; when the store returns the
 * pipeline drains the journal, intake accepts again, and every acknowledged event is stored exactly once.
 */
class StoreOutageTest {
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void aStalledStoreFillsTheJournalToItsBoundThen503AndLosesNothingWhenItReturns() throws Exception {
        Path data = dir.resolve("data");
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            rampart.classPath(StallingStoreProvider.SERVICES.toAbsolutePath()).set("store.type", "stalling-lucene")
                    .set("journal.segment_size", "64KiB").set("journal.max_unconsumed", "256KiB").start();
            Path stall = Files.createFile(data.resolve(StallingStoreProvider.STALL_FLAG));

            EventLoad load = EventLoad.start(rampart.intakePort(), "store-outage", CLIENTS, 5_000, 512);
            await().atMost(Duration.ofSeconds(120)).until(() -> load.replies(503) >= 50);
            int ackedWhileStalled = load.acked.size();
            assertThat(load.lastBody(503)).contains("max_unconsumed");
            // 256 KiB of ~650-byte records, plus what was in flight when the bound was crossed.
            assertThat(ackedWhileStalled).as("acknowledged into the journal while the store stalls").isBetween(300, 700);

            Files.delete(stall);
            await().atMost(Duration.ofSeconds(120)).until(() -> load.acked.size() >= ackedWhileStalled + 500);
            load.stop();
            System.out.println("store outage: replies " + load.statuses() + ", " + ackedWhileStalled + " acknowledged while stalled");
            assertThat(load.statuses().keySet()).as("reply statuses").allMatch(status -> status / 100 == 2 || status == 503);

            rampart.stop();
            StoredEvents.verify(data, "store stalled (writes wait), then back", CLIENTS
                    + " clients, 0.5 KiB events, journal.max_unconsumed 256KiB, until 50 replies 503, then 500 more acked", List.of(load));
        }
    }
}
