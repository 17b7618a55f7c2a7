package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise end to end: a real Rampart process takes events from concurrent keep-alive clients and is
 * killed with SIGKILL, once in the middle of the load and once right after a store commit; after a restart and a
 * graceful stop, every acknowledged event is in the store exactly once, and no other event more than once.
 */
class CrashRecoveryTest {
    private static final int CLIENTS = 8;
    private static final int MAX_EVENTS_PER_CLIENT = 1_000;
    private static final int ACKED_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAfterKills() throws Exception {
        Path data = dir.resolve("data");
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            // 1: SIGKILL in the middle of the load.
            rampart.start();
            note("started");
            EventLoad duringLoad = EventLoad.start(rampart.intakePort(), "during-load", CLIENTS, MAX_EVENTS_PER_CLIENT, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> duringLoad.acked.size() >= ACKED_BEFORE_KILL);
            note("killing with " + duringLoad.acked.size() + " acked");
            rampart.kill();
            duringLoad.stop();

            // 2: SIGKILL right after a commit (the journal checkpoint file has just been replaced).
            rampart.start();
            note("restarted");
            EventLoad afterCommit = EventLoad.start(rampart.intakePort(), "after-commit", CLIENTS, MAX_EVENTS_PER_CLIENT, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> afterCommit.acked.size() >= ACKED_BEFORE_KILL);
            String checkpoint = checkpoint(data);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> !checkpoint(data).equals(checkpoint));
            note("killing after commit with " + afterCommit.acked.size() + " acked");
            rampart.kill();
            afterCommit.stop();

            // Restart, let it replay the journal, stop it gracefully (SIGTERM: drain, commit, checkpoint).
            rampart.start();
            note("restarted to recover");
            rampart.stop();
            note("stopped");
            for (EventLoad round : List.of(duringLoad, afterCommit)) {
                assertThat(round.acked).as(round.round + ": acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
            }
            StoredEvents.verify(data, "kill -9 under load, twice", CLIENTS + " clients, single events", List.of(duringLoad, afterCommit));
        }
    }

    private static final long T0 = System.nanoTime();

    private static void note(String what) {
        System.out.printf("crash test +%d ms: %s%n", (System.nanoTime() - T0) / 1_000_000, what);
    }

    private static String checkpoint(Path data) throws IOException {
        Path file = data.resolve("journal/checkpoint");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
