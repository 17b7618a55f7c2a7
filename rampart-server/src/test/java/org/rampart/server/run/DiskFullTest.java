package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.event.Json;
import org.rampart.intake.http.IntakeServer;
import org.rampart.intake.http.IntakeSettings;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.FaultyFiles;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.intake.journal.JournalOptions;

/**
 * A full disk under the data folder: a real server on a 32 MiB tmpfs the test mounts (it runs as root, here and in CI),
 * filled by a file until little is left, then loaded. Intake answers 503 (the watermark, or with no watermark the
 * journal's failed write), never another 5xx; once the filler is deleted intake accepts again without a restart, and
 * after a stop every acknowledged event is stored exactly once. Where mounting is refused (a container without
 * CAP_SYS_ADMIN), the test does not skip: it fills the disk through the journal's file seam ({@link FaultyFiles}, whose
 * writes then fail with ENOSPC) under a real intake in this JVM, and checks the same promises on the journal.
 */
class DiskFullTest {
    private static final long VOLUME = 32L << 20;
    private static final long LEFT_FREE = 3L << 20;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;
    private Path data;
    private String mountRefused;

    @BeforeEach
    void mount() throws Exception {
        data = Files.createDirectory(dir.resolve("data"));
        try {
            run("mount", "-t", "tmpfs", "-o", "size=" + VOLUME, "tmpfs", data.toString());
        } catch (IOException | IllegalStateException e) {
            mountRefused = e.getMessage();
        }
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountRefused == null) {
            run("umount", "-l", data.toString());
        }
    }

    @ParameterizedTest(name = "disk.low_watermark {0}")
    @CsvSource({"5%", "0"})
    void aFullDiskGets503AndLosesNothingAcknowledgedAndIntakeRecoversWhenSpaceReturns(String watermark) throws Exception {
        if (mountRefused != null) {
            System.out.println("DiskFullTest: " + mountRefused + "; filling the disk through the journal's file seam instead");
            diskFullThroughTheJournalSeam();
            return;
        }
        String fault = "disk full (32 MiB tmpfs, disk.low_watermark " + watermark + ")";
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            rampart.set("disk.low_watermark", watermark).set("journal.segment_size", "1MiB").start();
            Path filler = fill(data.resolve("filler"));

            EventLoad full = EventLoad.start(rampart.intakePort(), "disk-full", CLIENTS, 20_000, 2048);
            await().atMost(Duration.ofSeconds(120)).until(() -> full.replies(503) >= 50);
            int ackedWhenFull = full.acked.size();
            // The watermark refuses before the disk is full; without one, the journal's write fails.
            assertThat(full.lastBody(503)).as("the 503's reason")
                    .contains(watermark.equals("0") ? "the event journal could not be written" : "disk.low_watermark");
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(120)).until(() -> full.acked.size() >= ackedWhenFull + 300);
            full.stop();
            System.out.println(fault + ": replies " + full.statuses());
            assertThat(full.statuses().keySet()).as("reply statuses").allMatch(status -> status / 100 == 2 || status == 503);

            rampart.stop();
            // A store that met the full disk may have left events in the journal: the next start replays them.
            rampart.start().stop();
            try {
                StoredEvents.verify(data, fault, CLIENTS + " clients, 2 KiB events, until 50 replies 503, then space freed",
                        List.of(full));
            } catch (AssertionError e) {
                // Why the restart did not replay is in its log, which goes with the temporary folder.
                System.out.println("the restart's log:\n" + rampart.log());
                throw e;
            }
        }
    }

    private void diskFullThroughTheJournalSeam() throws Exception {
        FaultyFiles files = new FaultyFiles();
        IntakeSettings settings = new IntakeSettings("127.0.0.1", 0, 1 << 20, 1 << 16, 1000, null, 64L << 20, 64, 64, 1024,
                Duration.ofSeconds(1));
        Set<String> journaled = new HashSet<>();
        EventLoad load;
        try (Journal journal = files.open(data.resolve("journal"), new JournalOptions(1 << 20, Duration.ofMillis(2)));
             IntakeServer intake = IntakeServer.start(settings, journal, new EventIds(Clock.systemUTC()))) {
            load = EventLoad.start(intake.port(), "disk-full", CLIENTS, 20_000, 2048);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= 200);
            files.fillDisk();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.replies(503) >= 50);
            int ackedWhenFull = load.acked.size();
            files.freeDisk();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= ackedWhenFull + 200);
            load.stop();
            assertThat(load.statuses().keySet()).as("reply statuses").allMatch(status -> status / 100 == 2 || status == 503);
            for (long at = journal.checkpointPosition(); ; ) {
                JournalBatch batch = journal.read(at, 500, Duration.ZERO);
                if (batch.next() == at) {
                    break;
                }
                for (JournalEntry entry : batch.entries()) {
                    journaled.add(Json.MAPPER.readTree(entry.payload()).path("details").path("marker").asText());
                }
                at = batch.next();
            }
        }
        assertThat(journaled).as("every acknowledged event in the journal").containsAll(load.acked);
    }

    /** Writes zeros (tmpfs allocates what is written, not what is reserved) until {@link #LEFT_FREE} bytes are left. */
    private static Path fill(Path filler) throws IOException {
        FileStore volume = Files.getFileStore(filler.getParent());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (volume.getUsableSpace() > LEFT_FREE + chunk.length) {
                out.write(chunk);
                out.flush();
            }
        }
        return filler;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
