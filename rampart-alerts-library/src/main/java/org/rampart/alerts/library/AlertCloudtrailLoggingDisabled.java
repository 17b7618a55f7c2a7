package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.alerts.AlertTask;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/** MozDef's cloudtrail_logging_disabled: someone stopped a CloudTrail trail. */
public class AlertCloudtrailLoggingDisabled extends AlertTask {

    @Override
    protected void main() {
        SearchQuery query = SearchQuery.minutes(30);
        query.addMust(new TermMatch("source", "cloudtrail"), new TermMatch("details.eventname", "StopLogging"));
        // A top-level errorcode, not details.errorcode: MozDef's query, kept as it is.
        query.addMustNot(new TermMatch("errorcode", "AccessDenied"));
        filtersManual(query);
        searchEventsSimple();
        walkEvents();
    }

    @Override
    protected ObjectNode onEvent(ObjectNode event) {
        String summary = "Cloudtrail Logging Disabled: " + text(event.path("_source"), "details.requestparameters.name", "None");
        return createAlertDict(summary, "AWSCloudtrail",
                List.of("cloudtrail", "aws", "cloudtrail_logging_disabled"), List.of(event), "CRITICAL");
    }
}
