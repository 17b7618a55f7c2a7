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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A full disk under the data folder: a real server on a 32 MiB tmpfs the test mounts (it runs as root, here and in CI),
 * filled by a file until little is left, then loaded. Intake answers 503 (the watermark, or with no watermark the
 * journal's failed write), never another 5xx; once the filler is deleted intake accepts again without a restart, and
 * after a stop every acknowledged event is stored exactly once.
 */
class DiskFullTest {
    private static final long VOLUME = 32L << 20;
    private static final long LEFT_FREE = 3L << 20;
    private static final int CLIENTS = 4;

    private Path dir;
    private Path data;

    @BeforeEach
    void mount() throws Exception {
        dir = Files.createTempDirectory("rampart-disk-full");
        data = Files.createDirectory(dir.resolve("data"));
        run("mount", "-t", "tmpfs", "-o", "size=" + VOLUME, "tmpfs", data.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (System.getenv("KEEP") != null) return;
        run("umount", "-l", data.toString());
        if (System.getenv("KEEP") != null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @ParameterizedTest(name = "disk.low_watermark {0}")
    @CsvSource({"0"})
    void aFullDiskGets503AndLosesNothingAcknowledgedAndIntakeRecoversWhenSpaceReturns(String watermark) throws Exception {
        String fault = "disk full (32 MiB tmpfs, disk.low_watermark " + watermark + ")";
        try (RampartProcess rampart = new RampartProcess(dir, data)) {
            rampart.set("disk.low_watermark", watermark).set("journal.segment_size", "1MiB").start();
            Path filler = fill(data.resolve("filler"));

            EventLoad full = EventLoad.start(rampart.intakePort(), "disk-full", CLIENTS, 20_000, 2048);
            await().atMost(Duration.ofSeconds(120)).until(() -> full.replies(503) >= 50);
            int ackedWhenFull = full.acked.size();
            assertThat(full.lastBody(503)).as("the 503's reason").containsAnyOf("disk", "journal");
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(120)).until(() -> full.acked.size() >= ackedWhenFull + 300);
            full.stop();
            System.out.println(fault + ": replies " + full.statuses());
            assertThat(full.statuses().keySet()).as("reply statuses").allMatch(status -> status / 100 == 2 || status == 503);

            rampart.stop();
            // A store that met the full disk may have left events in the journal: the next start replays them.
            rampart.start().stop();
            if (System.getenv("KEEP") != null) { java.nio.file.Files.write(dir.resolve("acked.txt"), full.acked); }
            StoredEvents.verify(data, fault, CLIENTS + " clients, 2 KiB events, until 50 replies 503, then space freed",
                    List.of(full));
        }
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
