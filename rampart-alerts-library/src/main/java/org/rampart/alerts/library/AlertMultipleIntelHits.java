package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.Aggregation;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;

/** MozDef's multiple_intel_hits: one Bro intel indicator seen ten or more times in two minutes. */
public class AlertMultipleIntelHits extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new TermMatch("category", "bro"),
                new TermMatch("source", "intel"),
                new ExistsMatch("details.seenindicator"),
                new TermsMatch("hostname", List.of("sensor1", "sensor2", "sensor3")));
        filtersManual(query);
        searchEventsAggregated("details.seenindicator", 10);
        walkAggregations(10);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String hostname = text(aggregation.events().get(0).path("_source"), "hostname", "None");
        StringBuilder summary = new StringBuilder(aggregation.count() + " " + hostname
                + "  Bro intel match for indicator: on " + aggregation.value() + " sample hosts that hit it: ");
        for (ObjectNode event : aggregation.events().subList(0, Math.min(3, aggregation.events().size()))) {
            JsonNode source = event.path("_source");
            String seenwhere = text(source, "details.seenwhere", null);
            if (seenwhere != null) {
                summary.append(address(source, seenwhere)).append(" in ").append(seenwhere).append(' ');
            }
        }
        return createAlertDict(summary.toString(), "bro", List.of("nsm,bro,intel"), aggregation.events(), "NOTICE");
    }

    /** The address on our side of the hit: the source for responses and lookups, the destination for requests. */
    private static String address(JsonNode source, String seenwhere) {
        if (seenwhere.contains("Conn::IN_RESP") || seenwhere.contains("HTTP::IN_HOST_HEADER")
                || seenwhere.contains("DNS::IN_REQUEST")) {
            return text(source, "details.sourceipaddress", "");
        }
        if (seenwhere.contains("Conn::IN_ORIG") || seenwhere.contains("X_CLUSTER_CLIENT_IP")
                || seenwhere.contains("X_FORWARDED_FOR")) {
            return text(source, "details.destinationipaddress", "");
        }
        return "";
    }
}
