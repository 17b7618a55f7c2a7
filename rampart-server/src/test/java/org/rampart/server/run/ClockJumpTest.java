package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.query.IndexNames;

/**
 * The server's clock jumps ({@code -Drampart.clock.offset}, RampartServer's test hook): a real server runs two days
 * ahead, then (killed and restarted) five days behind, taking events under load each time, with retention running
 * every minute. Events that carry their own timestamp keep it and land in today's partition, retention never deletes
 * today's partition (nor the "future" one the fast clock made), and every acknowledged event is stored exactly once.
 */
class ClockJumpTest {
    private static final int CLIENTS = 2;
    private static final int EVENTS_PER_CLIENT = 200;

    @TempDir
    Path dir;

    @Test
    void eventsKeepTheirTimestampsAndRetentionKeepsTodayWhenTheClockJumps() throws Exception {
        Path data = dir.resolve("data");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<EventLoad> rounds = new ArrayList<>();
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            rampart.set("lifecycle.schedule", "* * * * *");
            rounds.add(runWithClock(rampart, "P2D", "clock-ahead"));
            rampart.kill();
            rounds.add(runWithClock(rampart, "-P5D", "clock-behind"));
            rampart.stop();
        }
        // Phase end: today passes midnight within the test only on a rare run; both days count as today then.
        Set<String> todays = new java.util.TreeSet<>(List.of(IndexNames.eventsPartition(today),
                IndexNames.eventsPartition(LocalDate.now(ZoneOffset.UTC))));
        for (EventLoad round : rounds) {
            List<String> ownTimestamped = round.acked.stream()
                    .filter(marker -> Integer.parseInt(marker.substring(marker.lastIndexOf('-') + 1)) % 2 == 0).toList();
            Set<String> inToday = new java.util.HashSet<>();
            for (String partition : todays) {
                inToday.addAll(StoredEvents.markersIn(data, round.round, partition));
            }
            assertThat(inToday).as(round.round + ": events with their own timestamp, in today's partition")
                    .containsAll(ownTimestamped);
        }
        StoredEvents.verify(data, "clock jumps (+2 days, then kill -9 and -5 days), retention every minute",
                CLIENTS + " clients x " + EVENTS_PER_CLIENT + " events per phase, half with their own utctimestamp", rounds);
    }

    /** Starts the server with its clock off by {@code offset}, loads it, and waits for a retention run after the load. */
    private static EventLoad runWithClock(RampartProcess rampart, String offset, String round) throws Exception {
        rampart.clearJvmOptions().jvmOption("-Drampart.clock.offset=" + offset).start();
        EventLoad load = EventLoad.startHalfTimestamped(rampart.intakePort(), round, CLIENTS, EVENTS_PER_CLIENT);
        load.awaitEnd();
        int runsBefore = retentionRuns(rampart);
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> retentionRuns(rampart) > runsBefore);
        assertThat(load.acked).as(round + ": acknowledged").hasSize(CLIENTS * EVENTS_PER_CLIENT);
        return load;
    }

    private static int retentionRuns(RampartProcess rampart) throws Exception {
        return (int) rampart.log().lines().filter(line -> line.contains("retention: ") && line.contains("pruned,")).count();
    }
}
