package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's figures, on a clock the test moves. */
class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsBytesOfTotalEventsFilesAndTheTimeLeftAtTheRateSoFar() {
        AtomicLong now = new AtomicLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressLine progress = new ProgressLine(new PrintStream(out, true, StandardCharsets.UTF_8), now::get);
        progress.start("snapshot x", 40L << 20, 1_000_000);

        now.set(10 * SECOND);
        progress.advance(3, 10L << 20);
        assertThat(progress.line(now.get())).isEqualTo("snapshot x: 10.0 MiB of 40.0 MiB (25 %), ~250,000 of 1,000,000 events, 3 files, ETA 0:30");

        now.set(10 * SECOND + 1);
        progress.advance(1, 1);   // within a quarter second of the last draw: not drawn again
        now.set(20 * SECOND);
        progress.finish();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.split("\r")).hasSize(3);
        assertThat(printed).contains("\rsnapshot x: 10.0 MiB of 40.0 MiB (25 %), ~250,000 of 1,000,000 events, 3 files, ETA 0:30")
                .endsWith("\rsnapshot x: 10.0 MiB, 1,000,000 events, 4 files in 20.0 s" + " ".repeat(20) + System.lineSeparator());
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(ProgressLine.size(512)).isEqualTo("512 B");
        assertThat(ProgressLine.size(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressLine.size(3L << 30)).isEqualTo("3.0 GiB");
    }
}
