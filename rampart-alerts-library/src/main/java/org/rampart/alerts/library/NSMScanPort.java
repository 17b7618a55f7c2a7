package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;

/** MozDef's nsm_scan_port: a host scanning many ports. */
public class NSMScanPort extends NsmScanAlert {

    public NSMScanPort() {
        super("nsm_scan_port.json", "Scan::Port_Scan", 2, "WARNING", "portscan");
    }

    @Override
    void addExclusions(SearchQuery query, JsonNode config) {
        query.addMustNot(new QueryStringMatch("details.msg: " + config.path("destinationmustnotmatch").asText()));
    }

    /** MozDef raises (so: no alert) when the first sample has no indicators. */
    @Override
    String summary(String sourceip) {
        return sourceip == null ? null : "Port scan from " + addHostnameToIp(sourceip, "{0} ({1})", false);
    }
}
