package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.query.Hit;
import org.rampart.query.IndexNames;
import org.rampart.query.tree.Dates;

/**
 * The server's clock jumps ({@code -Drampart.clock.offset}, RampartServer's test hook): a real server runs two days
 * ahead, then (killed and restarted) five days behind, taking events under load each time, with retention running
 * every minute. Events that carry their own {@code utctimestamp} keep it; every event lands in the partition of the day
 * the server received it (MozDef's esworker writes to the day's index), and retention deletes neither that partition
 * nor the one the other clock made; every acknowledged event is stored exactly once.
 */
class ClockJumpTest {
    private static final int CLIENTS = 2;
    private static final int EVENTS_PER_CLIENT = 200;

    @TempDir
    Path dir;

    @Test
    void eventsKeepTheirTimestampsAndRetentionKeepsTheirPartitionsWhenTheClockJumps() throws Exception {
        Path data = dir.resolve("data");
        Map<EventLoad, Integer> offsetDays = new LinkedHashMap<>();
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            rampart.set("lifecycle.schedule", "* * * * *");
            offsetDays.put(runWithClock(rampart, "P2D", "clock-ahead"), 2);
            rampart.kill();
            offsetDays.put(runWithClock(rampart, "-P5D", "clock-behind"), -5);
            rampart.stop();
        }
        for (Map.Entry<EventLoad, Integer> round : offsetDays.entrySet()) {
            EventLoad load = round.getKey();
            Map<String, Hit> stored = StoredEvents.events(data, load.round);
            // The day the server thought it was; a run across midnight may have moved it by one.
            LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(round.getValue());
            Set<String> days = Set.of(IndexNames.eventsPartition(day), IndexNames.eventsPartition(day.minusDays(1)));
            for (String marker : load.acked) {
                Hit hit = stored.get(marker);
                assertThat(hit).as(load.round + " " + marker + " stored").isNotNull();
                assertThat(hit.index()).as(load.round + " " + marker + ": the partition of the server's day").isIn(days);
                Instant own = load.ownTimestamps.get(marker);
                if (own != null) {
                    assertThat(Dates.parse(hit.source().path("utctimestamp").asText())).as(marker + ": its own utctimestamp")
                            .isEqualTo(own.toEpochMilli());
                }
            }
        }
        StoredEvents.verify(data, "clock jumps (+2 days, then kill -9 and -5 days), retention every minute",
                CLIENTS + " clients x " + EVENTS_PER_CLIENT + " events per phase, half with their own utctimestamp",
                List.copyOf(offsetDays.keySet()));
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
