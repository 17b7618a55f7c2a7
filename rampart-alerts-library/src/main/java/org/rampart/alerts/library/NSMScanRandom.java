package org.rampart.alerts.library;

/** MozDef's nsm_scan_random: a host scanning random addresses. */
public class NSMScanRandom extends NsmScanAlert {

    public NSMScanRandom() {
        super("nsm_scan_random.json", "Scan::Random_Scan", 1, "WARNING", "randomscan");
    }

    @Override
    String summary(String sourceip) {
        return "Random scan from " + (sourceip == null ? "unknown" : sourceip);
    }
}
