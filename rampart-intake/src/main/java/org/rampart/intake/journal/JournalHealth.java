package org.rampart.intake.journal;

/**
 * What {@code /status} reports of the journal.
 *
 * @param refusingAppends    true after an fsync failed (appends fail until a restart has re-verified the journal), and
 *                           while free disk space is below {@code disk.low_watermark} (until space is freed)
 * @param quarantinedRecords corrupt records copied to the quarantine folder and passed over (files still there count)
 * @param reason             why the journal is degraded, for an operator; null when it is not
 */
public record JournalHealth(boolean refusingAppends, long quarantinedRecords, String reason) {

    /** True when an operator should look: appends are refused, or records were (or cannot be) quarantined. */
    public boolean degraded() {
        return reason != null;
    }
}
