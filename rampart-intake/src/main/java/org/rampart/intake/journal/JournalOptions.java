package org.rampart.intake.journal;

import java.time.Duration;

/**
 * How the journal lays out and syncs its files.
 *
 * @param segmentSize         a segment is closed and a new one started once it holds this many bytes
 * @param groupCommitInterval how long the syncing writer waits for more writers before one fsync; zero for none
 * @param lowWatermark        free disk space below which appends are refused ({@code disk.low_watermark})
 */
public record JournalOptions(long segmentSize, Duration groupCommitInterval, DiskWatermark lowWatermark) {

    /** Options without a disk watermark. */
    public JournalOptions(long segmentSize, Duration groupCommitInterval) {
        this(segmentSize, groupCommitInterval, DiskWatermark.NONE);
    }

    public JournalOptions {
        if (segmentSize < 1024) {
            throw new IllegalArgumentException("journal.segment_size must be at least 1 KiB, got " + segmentSize);
        }
        if (groupCommitInterval.isNegative()) {
            throw new IllegalArgumentException("journal.group_commit_interval must not be negative");
        }
        if (lowWatermark == null) {
            throw new IllegalArgumentException("lowWatermark is required; DiskWatermark.NONE for none");
        }
    }
}
