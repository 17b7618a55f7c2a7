package org.rampart.intake.journal;

import org.rampart.event.config.RampartConfig;

/**
 * {@code disk.low_watermark}: the free space below which the journal refuses appends, so that intake answers 503 before
 * the disk is full rather than failing mid-write; a share of the filesystem ({@code 5%}) or a size ({@code 1GiB}).
 *
 * @param minFreeBytes free bytes below which appends are refused (0 for none)
 * @param minFreeShare free share of the filesystem (0 to 1) below which appends are refused (0 for none)
 * @param setting      the value as configured, for the reason an operator reads
 */
public record DiskWatermark(long minFreeBytes, double minFreeShare, String setting) {
    /** No watermark: appends are never refused for space. */
    public static final DiskWatermark NONE = new DiskWatermark(0, 0, "0");

    public DiskWatermark {
        if (minFreeBytes < 0 || !(minFreeShare >= 0 && minFreeShare <= 1)) {
            throw new IllegalArgumentException("disk.low_watermark must be a size or a share from 0% to 100%, got " + setting);
        }
    }

    /** The watermark the configuration key holds: {@code 5%}, {@code 1GiB}, or {@code 0} for none. */
    public static DiskWatermark of(RampartConfig config, String key) {
        String text = config.string(key).trim();
        if (!text.endsWith("%")) {
            return new DiskWatermark(config.size(key), 0, text);
        }
        try {
            return new DiskWatermark(0, Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100, text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a size such as 1GiB or a share such as 5%, got " + text);
        }
    }

    /** Why {@code usable} free bytes out of {@code total} are too few, or null when they are enough. */
    String shortage(long usable, long total) {
        if (usable >= minFreeBytes && usable >= minFreeShare * total) {
            return null;
        }
        return "free disk space on the data folder (" + usable / (1 << 20) + " MiB of " + total / (1 << 20)
                + " MiB) is below disk.low_watermark " + setting + ": events are refused until space is freed";
    }
}
