package org.rampart.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.rampart.server.snapshot.Progress;

/**
 * A progress line for long commands, redrawn in place ({@code \r}) at most four times a second: bytes done of the
 * total, percent, the events that share of the bytes holds (when the total is known), files, and the time left at the
 * rate so far; then one closing line with the total and the time taken.
 */
final class ProgressLine implements Progress {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private String what = "";
    private long total;
    private long events;
    private long bytes;
    private long files;
    private long startedAt;
    private long drawnAt;

    /** Draws on {@code out}, timing with {@code nanoTime} ({@link System#nanoTime} outside tests). */
    ProgressLine(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    /** Draws on the terminal. */
    static ProgressLine onTerminal() {
        return new ProgressLine(System.out, System::nanoTime);
    }

    @Override
    public synchronized void start(String what, long totalBytes, long events) {
        this.what = what;
        this.total = totalBytes;
        this.events = events;
        this.startedAt = nanoTime.getAsLong();
        this.drawnAt = startedAt - REDRAW_NANOS;
    }

    @Override
    public synchronized void advance(long moreFiles, long moreBytes) {
        files += moreFiles;
        bytes += moreBytes;
        long now = nanoTime.getAsLong();
        if (now - drawnAt >= REDRAW_NANOS) {
            drawnAt = now;
            out.print("\r" + line(now) + "   ");
            out.flush();
        }
    }

    @Override
    public synchronized void finish() {
        double seconds = (nanoTime.getAsLong() - startedAt) / 1e9;
        out.printf(Locale.ROOT, "\r%s: %s, %s%d files in %.1f s%s%n", what, size(bytes),
                events > 0 ? String.format(Locale.ROOT, "%,d events, ", events) : "", files, seconds, " ".repeat(20));
    }

    /** The line as it would be drawn at {@code now}. */
    String line(long now) {
        StringBuilder line = new StringBuilder(what).append(": ").append(size(bytes));
        if (total > 0) {
            long done = Math.min(bytes, total);
            line.append(" of ").append(size(total)).append(" (").append(done * 100 / total).append(" %)");
            if (events > 0) {
                // Files are copied whole, not event by event: the events in the share of the bytes copied.
                line.append(String.format(Locale.ROOT, ", ~%,d of %,d events", (long) ((double) events * done / total), events));
            }
        }
        line.append(", ").append(files).append(" files");
        long elapsed = now - startedAt;
        if (total > 0 && bytes > 0 && bytes < total && elapsed > 0) {
            long left = (long) ((double) elapsed / bytes * (total - bytes) / 1e9);
            line.append(String.format(Locale.ROOT, ", ETA %d:%02d", left / 60, left % 60));
        }
        return line.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
