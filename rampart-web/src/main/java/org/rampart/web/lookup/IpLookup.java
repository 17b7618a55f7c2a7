package org.rampart.web.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.http.outbound.OutboundHttp;
import org.rampart.web.rest.spi.RestPlugin;

/**
 * MozDef's {@code /ipwhois} and {@code /ipdshieldquery} as REST plugins over a configured HTTP endpoint: the body's
 * {@code ipaddress} (an IPv4 address, MozDef's check) goes into the endpoint's {@code {ip}} and the upstream JSON is the
 * reply. Bad input is 400 and a failed lookup 502, where MozDef answered 500. The service is reached through
 * {@link OutboundHttp}: redirects are followed (RDAP services redirect to the registry that holds the address), but
 * neither the endpoint nor a redirect may lead to an internal address {@code outbound.allowed_networks} does not allow.
 */
public final class IpLookup implements RestPlugin {
    private static final Pattern IPV4 =
            Pattern.compile("((?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3})(?:/(3[0-2]|[12]?\\d))?");
    private static final int MAX_REPLY_BYTES = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String endpoint;
    private final String urlTemplate;
    private final OutboundHttp http;

    private IpLookup(String name, String endpoint, String urlTemplate, OutboundTargets targets) {
        if (!urlTemplate.contains("{ip}") || !(urlTemplate.startsWith("http://") || urlTemplate.startsWith("https://"))) {
            throw new IllegalArgumentException("the " + endpoint + " endpoint must be an http(s) URL with {ip} where the"
                    + " address goes, e.g. https://isc.sans.edu/api/ip/{ip}?json; got " + urlTemplate);
        }
        this.name = name;
        this.endpoint = endpoint;
        this.urlTemplate = urlTemplate;
        this.http = new OutboundHttp(targets, TIMEOUT, true);
    }

    /** {@code /ipwhois} over a whois service answering JSON, e.g. {@code https://rdap.arin.net/registry/ip/{ip}}. */
    public static IpLookup whois(String urlTemplate, OutboundTargets targets) {
        return new IpLookup("IPWhois", "ipwhois", urlTemplate, targets);
    }

    /** {@code /ipdshieldquery} over DShield's API, {@code https://isc.sans.edu/api/ip/{ip}?json}. */
    public static IpLookup dshield(String urlTemplate, OutboundTargets targets) {
        return new IpLookup("IPDShieldQuery", "ipdshieldquery", urlTemplate, targets);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> registration() {
        return List.of(endpoint);
    }

    @Override
    public void onMessage(Request request, Reply reply) throws Exception {
        String ip = address(request.body());
        URI uri = URI.create(urlTemplate.replace("{ip}", URLEncoder.encode(ip, StandardCharsets.UTF_8)));
        OutboundHttp.Reply upstream;
        try {
            upstream = http.exchange("GET", uri, null, Map.of("Accept", "application/json", "User-Agent", "Rampart"),
                    TIMEOUT, MAX_REPLY_BYTES);
        } catch (IOException e) {
            reply.set(502, "application/json", error(endpoint + " lookup failed: " + e.getMessage()));
            return;
        }
        int status = upstream.status();
        byte[] bytes = upstream.body();
        if (status != 200 || upstream.truncated()) {
            reply.set(502, "application/json", error(endpoint + " lookup failed: upstream status " + status
                    + (upstream.truncated() ? ", reply over 1 MiB" : "")));
            return;
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isContainerNode()) {
            reply.set(502, "application/json", error(endpoint + " lookup failed: the upstream reply is not JSON"));
            return;
        }
        reply.set(200, "application/json", parsed.toString());
    }

    private static String address(String body) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be JSON {\"ipaddress\": \"a.b.c.d\"}");
        }
        JsonNode ip = parsed == null ? null : parsed.get("ipaddress");
        Matcher m = ip == null || !ip.isTextual() ? null : IPV4.matcher(ip.asText());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("ipaddress must be an IPv4 address or network (a.b.c.d, a.b.c.d/nn)");
        }
        return firstAddress(m.group(1), m.group(2) == null ? 32 : Integer.parseInt(m.group(2)));
    }

    /** MozDef looks up a network's first address ({@code 8.8.8.8/24} is {@code 8.8.8.0}). */
    private static String firstAddress(String dotted, int prefix) {
        int address = 0;
        for (String octet : dotted.split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        int network = prefix == 0 ? 0 : address & (-1 << (32 - prefix));
        return (network >>> 24) + "." + (network >>> 16 & 0xff) + "." + (network >>> 8 & 0xff) + "." + (network & 0xff);
    }

    private static String error(String message) {
        return Json.object().put("error", message).toString();
    }
}
