package org.rampart.alerts.rules;

import org.rampart.event.PythonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Timestamps;
import org.rampart.event.Json;

/**
 * Rules that look at one event at a time, evaluated in-process on each event as the pipeline handles it,
 * so the alert exists as soon as the event does (a scheduled alert waits for its next tick).
 *
 * <p>Each rule is compiled once ({@link EventMatcher}); evaluating an event flattens it once and runs every
 * rule on that view, with no store round trip. A matching event produces the alert its generic rule would
 * produce for a group of one ({@code "<alert_summary> (1): <value>"}). Raising it
 * ({@link org.rampart.alerts.AlertWriter#raise}, from {@link StreamingAlerts}) tags the event with the rule's alert
 * name in {@code alert_names}, as MozDef tags events it alerted on: an event that already carries the name does not
 * alert again, and a scheduled run of the same rule skips it.
 */
public final class StreamingRules {

    /** One compiled rule. */
    private record Compiled(GenericAlertRule rule, EventMatcher matcher) {}

    private final List<Compiled> rules;
    private final Clock clock;

    /** Compiles the rules; every one must be marked streaming. */
    public StreamingRules(List<GenericAlertRule> rules, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Compiled> compiled = new ArrayList<>();
        for (GenericAlertRule rule : rules) {
            if (!rule.streaming()) {
                throw new IllegalArgumentException("rule " + rule.name() + " is not marked \"streaming\": true");
            }
            compiled.add(new Compiled(rule, EventMatcher.compile(rule.query())));
        }
        this.rules = List.copyOf(compiled);
    }

    /** How many rules run on each event. */
    public int size() {
        return rules.size();
    }

    /**
     * The alerts the rules raise on one event ({@code _source} document) stored or about to be stored as
     * {@code index}/{@code id}, in rule order. The event is left as it is, and copied only into an alert raised.
     */
    public List<ObjectNode> match(String index, String id, ObjectNode event) {
        if (rules.isEmpty()) {
            return List.of();
        }
        EventView view = new EventView(event);
        List<ObjectNode> alerts = new ArrayList<>(1);
        for (Compiled c : rules) {
            GenericAlertRule rule = c.rule();
            // The scheduled rule groups on the value at the key (exists filter): the same here, for a group of one.
            JsonNode value = AlertTask.getValueByPath(event, rule.aggregationKey());
            if (!view.exists(rule.aggregationKey()) || alreadyAlerted(event, rule.classname()) || !c.matcher().matches(view)) {
                continue;
            }
            alerts.add(alert(rule, index, id, event, PythonText.str(value)));
        }
        return alerts;
    }

    private static boolean alreadyAlerted(JsonNode event, String classname) {
        for (JsonNode name : event.path("alert_names")) {
            if (name.asText().equals(classname)) {
                return true;
            }
        }
        return false;
    }

    /** The alert document, in the shape of AlertTask's createAlertDict. */
    private ObjectNode alert(GenericAlertRule rule, String index, String id, ObjectNode event, String value) {
        ObjectNode hit = Json.object();
        hit.put("_index", index);
        hit.put("_id", id);
        hit.set("_source", event.deepCopy());
        ObjectNode alert = Json.object();
        alert.put("utctimestamp", Timestamps.isoformat(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        alert.put("severity", rule.severity());
        alert.put("summary", GenericAlert.summary(rule, 1, value, List.of(hit)));
        alert.put("category", rule.category());
        ArrayNode tags = alert.putArray("tags");
        rule.tags().forEach(tags::add);
        ObjectNode ref = alert.putArray("events").addObject();
        ref.put("documentindex", index);
        ref.set("documentsource", hit.get("_source"));
        ref.put("documentid", id);
        alert.put("channel", rule.channel());
        boolean notify = rule.notifyMozdefbot() != null ? rule.notifyMozdefbot()
                : !rule.severity().equals("NOTICE") && !rule.severity().equals("INFO")
                        || (rule.channel() != null && !rule.channel().isEmpty());
        alert.put("notify_mozdefbot", notify);
        alert.put("status", "manual");
        if (rule.url() != null && !rule.url().isEmpty()) {
            alert.put("url", rule.url());
        }
        alert.put("classname", rule.classname());
        return alert;
    }
}
