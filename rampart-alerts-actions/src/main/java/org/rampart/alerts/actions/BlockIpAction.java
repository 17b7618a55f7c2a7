package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.rampart.event.extension.Registration;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's {@code block_ip} action: for the alerts named in {@code alert_names} (lower-case class
 * names, space separated, as in {@code block_ip.conf}) it asks the REST API to block the alert's
 * {@code details.sourceipaddress} for a day: {@code POST <restapi_url>/blockip} with MozDef's JSON list,
 * optionally with {@code restapi_jwt_token} as a bearer token.
 */
final class BlockIpAction implements AlertAction {

    private static final Logger LOG = LoggerFactory.getLogger(BlockIpAction.class);

    private final URI endpoint;
    private final String jwt;
    private final Registration registration;
    private final JsonHttp http;
    private final Duration timeout;

    BlockIpAction(URI restApi, String jwt, Registration registration, Duration timeout, JsonHttp http) {
        this.http = http;
        this.endpoint = URI.create(restApi.toString().replaceAll("/+$", "") + "/blockip");
        this.jwt = jwt;
        this.registration = registration;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "block_ip:" + endpoint;
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        String ip = message.path("_source").path("details").path("sourceipaddress").asText("");
        if (!isIpLiteral(ip)) {
            LOG.warn("block_ip: alert {} has no usable details.sourceipaddress ({}); nothing to block",
                    message.path("_id").asText(), ip.length() > 64 ? ip.substring(0, 64) : ip);
            return;
        }
        http.post(endpoint, request(ip), jwt == null ? Map.of() : Map.of("Authorization", "Bearer " + jwt), timeout);
    }

    /** MozDef's request body: a list of one-key objects. */
    static ArrayNode request(String ip) {
        ArrayNode body = Json.MAPPER.createArrayNode();
        body.addObject().put("ipaddress", ip + (ip.contains(":") ? "/128" : "/32"));
        body.addObject().put("duration", "1d");
        body.addObject().put("comment", "Automatic Block");
        body.addObject().put("referenceid", "");
        body.addObject().put("IPBlockList", true);
        body.addObject().put("userid", "MozDef");
        return body;
    }

    private static boolean isIpLiteral(String s) {
        return IpAddresses.address(s) != null;
    }

    /** {@code type: block_ip}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "block_ip";
        }

        @Override
        public AlertAction create(JsonNode config) {
            return create(config, OutboundTargets.publicOnly());
        }

        @Override
        public AlertAction create(JsonNode config, OutboundTargets outbound) {
            ActionConfig c = new ActionConfig(name(), config);
            List<String> names = c.list("alert_names");
            if (names.isEmpty()) {
                throw new IllegalArgumentException("alert action block_ip: \"alert_names\" lists the alert class"
                        + " names to act on, e.g. alertbruteforcessh");
            }
            return new BlockIpAction(c.uri("restapi_url"), c.optional("restapi_jwt_token", null),
                    Registration.of(names), c.timeout(), new JsonHttp(outbound));
        }
    }
}
