package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.Aggregation;
import org.rampart.alerts.AlertTask;
import org.rampart.event.PythonText;
import org.rampart.query.ExistsMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsMatch;

/**
 * MozDef's multiple_intel_hits (alerts-catalog.md, "Exact behaviour"): one Bro intel indicator seen ten or more
 * times in two minutes by the sensors of {@code multiple_intel_hits.conf} ({@code sensors}, MozDef's hard-coded
 * {@code sensor1 sensor2 sensor3} by default).
 */
public class AlertMultipleIntelHits extends AlertTask {
    private static final List<String> TOWARDS_SOURCE = List.of("Conn::IN_RESP", "HTTP::IN_HOST_HEADER", "DNS::IN_REQUEST");
    private static final List<String> TOWARDS_DESTINATION = List.of("Conn::IN_ORIG",
            "HTTP::IN_X_CLUSTER_CLIENT_IP_HEADER", "HTTP::IN_X_FORWARDED_FOR_HEADER");

    @Override
    protected void main() {
        List<String> sensors = Options.words(parseConfig("multiple_intel_hits.conf", "sensors").get("sensors"));
        SearchQuery query = SearchQuery.minutes(2);
        query.addMust(
                new TermMatch("category", "bro"),
                new TermMatch("source", "intel"),
                new ExistsMatch("details.seenindicator"),
                new TermsMatch("hostname", sensors));
        filtersManual(query);
        searchEventsAggregated("details.seenindicator", 10);
        walkAggregations(10);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String hostname = text(aggregation.events().get(0).path("_source"), "hostname", "None");
        StringBuilder summary = new StringBuilder(aggregation.count() + " " + hostname
                + "  Bro intel match for indicator: on " + aggregation.value() + " sample hosts that hit it: ");
        // The first three samples, each contributing only when its details have both keys (any value).
        for (ObjectNode event : aggregation.events().subList(0, Math.min(3, aggregation.events().size()))) {
            JsonNode details = event.path("_source").path("details");
            if (details.has("sourceipaddress") && details.has("seenwhere")) {
                JsonNode seenwhere = details.get("seenwhere");
                summary.append(address(details, seenwhere)).append(" in ").append(PythonText.str(seenwhere))
                        .append(' ');
            }
        }
        return createAlertDict(summary.toString(), "bro", List.of("nsm,bro,intel"), aggregation.events(), "NOTICE");
    }

    /**
     * The address on our side of the hit: the source for responses and lookups, the destination for requests.
     * MozDef raises when the destination is missing and loses the rest of the run; Rampart uses "".
     */
    private static String address(JsonNode details, JsonNode seenwhere) {
        if (seenIn(seenwhere, TOWARDS_SOURCE)) {
            return PythonText.str(details.get("sourceipaddress"));
        }
        if (seenIn(seenwhere, TOWARDS_DESTINATION)) {
            return details.has("destinationipaddress") ? PythonText.str(details.get("destinationipaddress")) : "";
        }
        return "";
    }

    /** Python's {@code x in seenwhere}: a substring of a string, an element of a list. */
    private static boolean seenIn(JsonNode seenwhere, List<String> places) {
        if (seenwhere.isTextual()) {
            return places.stream().anyMatch(seenwhere.textValue()::contains);
        }
        if (seenwhere.isArray()) {
            for (JsonNode element : seenwhere) {
                if (element.isTextual() && places.contains(element.textValue())) {
                    return true;
                }
            }
        }
        return false;
    }
}
