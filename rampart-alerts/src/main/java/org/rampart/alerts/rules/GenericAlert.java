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
     * MozDef's generic summary: {@code "<alert_summary> (<count>): <value>"}, then {@code " (<field>=<values>)"} for
     * each additional field that has a truthy value in a sample event, then {@code " [<hosts>]"}: the top-level
     * {@code hostname} of the sample events that have one. Values are distinct, in first-seen order (MozDef: Python
     * set order), and non-strings are rendered as Python's {@code str()} (MozDef fails the alert on them).
     */
    static String summary(GenericAlertRule rule, int count, String value, List<ObjectNode> samples) {
        StringBuilder summary = new StringBuilder();
        summary.append(rule.summary()).append(" (").append(count).append("): ").append(value);
        for (String field : rule.additionalSummaryFields()) {
            Set<String> values = new LinkedHashSet<>();
            for (ObjectNode sample : samples) {
                JsonNode v = getValueByPath(sample.path("_source"), field);
                if (truthy(v)) {
                    values.add(PythonText.str(v));
                }
            }
            if (!values.isEmpty()) {
                summary.append(" (").append(field).append('=').append(String.join(", ", values)).append(')');
            }
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (ObjectNode sample : samples) {
            JsonNode host = sample.path("_source").get("hostname");
            if (host != null) {
                hosts.add(PythonText.str(host));
            }
        }
        if (!hosts.isEmpty()) {
            summary.append(" [").append(String.join(", ", hosts)).append(']');
        }
        return summary.toString();
    }

    /** Python truthiness: missing, null, "", 0, false and empty containers are false. */
    private static boolean truthy(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        return v.isTextual() ? !v.textValue().isEmpty() : !v.isEmpty();
    }
}
