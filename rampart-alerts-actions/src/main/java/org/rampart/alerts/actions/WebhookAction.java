package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rampart.event.extension.Registration;
import org.rampart.http.outbound.OutboundHttp;
import org.rampart.event.ip.OutboundTargets;

/**
 * POSTs the alert message as JSON ({@code {_id, _index, _source}}, the AMQP message's shape) to a URL.
 * Config: {@code url}, optional {@code headers} map, {@code registration}, {@code timeout_ms}.
 */
final class WebhookAction implements AlertAction {

    private final URI url;
    private final Map<String, String> headers;
    private final Registration registration;
    private final Duration timeout;
    private final JsonHttp http;

    WebhookAction(URI url, Map<String, String> headers, Registration registration, Duration timeout, JsonHttp http) {
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.registration = registration;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public String name() {
        // Logged and written to dead letters: the host only, as a webhook's path or query may be its secret.
        return "webhook:" + OutboundHttp.target(url);
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        http.post(url, message, headers, timeout);
    }

    /** {@code type: webhook}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public AlertAction create(JsonNode config) {
            return create(config, OutboundTargets.publicOnly());
        }

        @Override
        public AlertAction create(JsonNode config, OutboundTargets outbound) {
            ActionConfig c = new ActionConfig(name(), config);
            Map<String, String> headers = new LinkedHashMap<>();
            config.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            return new WebhookAction(c.uri("url"), headers, c.registration(List.of("*")), c.timeout(),
                    new JsonHttp(outbound, true));
        }
    }
}
