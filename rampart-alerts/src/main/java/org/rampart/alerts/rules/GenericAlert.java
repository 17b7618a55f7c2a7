package org.rampart.alerts.rules;

import org.rampart.event.PythonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rampart.alerts.Aggregation;
import org.rampart.alerts.AlertTask;

/** A generic rule run as a scheduled alert: MozDef's {@code AlertGenericLoader} for one rule file. */
public final class GenericAlert extends AlertTask {

    private final GenericAlertRule rule;

    /** The alert for one rule. */
    public GenericAlert(GenericAlertRule rule) {
        this.rule = rule;
    }

    /** The rule this alert runs. */
    public GenericAlertRule rule() {
        return rule;
    }

    @Override
    public String classname() {
        return rule.classname();
    }

    @Override
    protected void main() {
        filtersManual(rule.query());
        searchEventsAggregated(rule.aggregationKey(), rule.numSamples());
        walkAggregations(rule.numAggregations());
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        return createAlertDict(summary(rule, aggregation.count(), aggregation.value(), aggregation.events()),
                rule.category(), rule.tags(), aggregation.events(), rule.severity(), rule.url(), rule.channel(),
                rule.notifyMozdefbot());
    }

    /**
     * MozDef's generic summary: {@code "<alert_summary> (<count>): <value>"}, then
     * {@code " (<field>=<distinct values>)"} for each additional field, then {@code " [<distinct hosts>]"} of
     * the sample events ({@code details.hostname}, else {@code hostname}).
     */
    static String summary(GenericAlertRule rule, int count, String value, List<ObjectNode> samples) {
        StringBuilder summary = new StringBuilder();
        summary.append(rule.summary()).append(" (").append(count).append("): ").append(value);
        for (String field : rule.additionalSummaryFields()) {
            Set<String> values = new LinkedHashSet<>();
            for (ObjectNode sample : samples) {
                JsonNode v = getValueByPath(sample.path("_source"), field);
                if (!v.isMissingNode()) {
                    values.add(PythonText.str(v));
                }
            }
            if (!values.isEmpty()) {
                summary.append(" (").append(field).append('=').append(String.join(", ", values)).append(')');
            }
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (ObjectNode sample : samples) {
            JsonNode source = sample.path("_source");
            JsonNode host = source.path("details").has("hostname") ? source.path("details").get("hostname") : source.get("hostname");
            if (host != null && !host.isNull()) {
                hosts.add(PythonText.str(host));
            }
        }
        if (!hosts.isEmpty()) {
            summary.append(" [").append(String.join(", ", hosts)).append(']');
        }
        return summary.toString();
    }
}
