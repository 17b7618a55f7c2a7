package org.rampart.alerts.library;

/** MozDef's nsm_scan_address: a host scanning many addresses. */
public class NSMScanAddress extends NsmScanAlert {

    public NSMScanAddress() {
        super("nsm_scan_address.json", "Scan::Address_Scan", 1, "NOTICE", "addressscan");
    }

    /** MozDef raises (so: no alert) when the first sample has no indicators; reverse DNS even for public IPs. */
    @Override
    String summary(String sourceip) {
        return sourceip == null ? null : "Address scan from " + addHostnameToIp(sourceip, "{0} ({1})", false);
    }
}
