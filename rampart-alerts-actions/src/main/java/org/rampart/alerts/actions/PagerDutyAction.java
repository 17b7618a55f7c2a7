package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rampart.event.extension.Registration;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.event.Json;

/**
 * MozDef's {@code pagerduty} action: an alert tagged with one of the {@code integrations[].tag}
 * triggers a PagerDuty (Events API v1) incident with that integration's {@code service_key}, the
 * summary as description, a link to the alert in the web UI ({@code web_url}) and the runbook
 * ({@code doc}). Config as MozDef's {@code pagerduty.json}, plus {@code api_url} to point elsewhere.
 */
final class PagerDutyAction implements AlertAction {

    static final String EVENTS_V1 = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";

    record Integration(String serviceKey, String tag, String doc) {}

    private final URI api;
    private final List<Integration> integrations;
    private final String webUrl;
    private final Registration registration;
    private final Duration timeout;
    private final JsonHttp http;

    PagerDutyAction(URI api, List<Integration> integrations, String webUrl, Duration timeout, JsonHttp http) {
        this.http = http;
        this.api = api;
        this.integrations = List.copyOf(integrations);
        this.webUrl = webUrl.replaceAll("/+$", "");
        this.registration = Registration.of(integrations.stream().map(Integration::tag).toList());
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        JsonNode alert = message.path("_source");
        List<String> tags = new ArrayList<>();
        alert.path("tags").forEach(t -> tags.add(t.asText().toLowerCase(Locale.ROOT)));
        for (Integration integration : integrations) {
            if (tags.contains(integration.tag().toLowerCase(Locale.ROOT))) {
                http.post(api, event(integration, message), Map.of(), timeout);
            }
        }
    }

    ObjectNode event(Integration integration, ObjectNode message) {
        ObjectNode event = Json.object();
        event.put("service_key", integration.serviceKey());
        event.put("event_type", "trigger");
        event.put("description", message.path("_source").path("summary").asText(""));
        event.put("client", "MozDef");
        event.put("client_url", webUrl + "/alert/" + message.path("_id").asText());
        event.set("details", message.path("_source"));
        if (integration.doc() != null) {
            event.putArray("contexts").addObject().put("type", "link").put("href", integration.doc())
                    .put("text", "View runbook");
        }
        return event;
    }

    /** {@code type: pagerduty}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "pagerduty";
        }

        @Override
        public AlertAction create(JsonNode config) {
            return create(config, OutboundTargets.publicOnly());
        }

        @Override
        public AlertAction create(JsonNode config, OutboundTargets outbound) {
            ActionConfig c = new ActionConfig(name(), config);
            List<Integration> integrations = new ArrayList<>();
            for (JsonNode i : config.path("integrations")) {
                ActionConfig ic = new ActionConfig("pagerduty integration", i);
                integrations.add(new Integration(ic.required("service_key"), ic.required("tag"), ic.optional("doc", null)));
            }
            if (integrations.isEmpty()) {
                throw new IllegalArgumentException("alert action pagerduty: \"integrations\" needs at least one"
                        + " {service_key, tag, doc}");
            }
            URI api = config.has("api_url") ? c.uri("api_url") : URI.create(EVENTS_V1);
            return new PagerDutyAction(api, integrations, c.required("web_url"), c.timeout(), new JsonHttp(outbound));
        }
    }
}
