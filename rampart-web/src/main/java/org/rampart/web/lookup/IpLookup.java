package org.rampart.web.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.web.rest.spi.RestPlugin;

/**
 * MozDef's {@code /ipwhois} and {@code /ipdshieldquery} as REST plugins over a configured HTTP endpoint: the body's
 * {@code ipaddress} (an IPv4 address, MozDef's check) goes into the endpoint's {@code {ip}} and the upstream JSON is the
 * reply. Bad input is 400 and a failed lookup 502, where MozDef answered 500.
 */
public final class IpLookup implements RestPlugin {
    private static final Pattern IPV4 =
            Pattern.compile("((?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3})(?:/(3[0-2]|[12]?\\d))?");
    private static final int MAX_REPLY_BYTES = 1 << 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final String endpoint;
    private final String urlTemplate;

    private IpLookup(String name, String endpoint, String urlTemplate) {
        if (!urlTemplate.contains("{ip}") || !(urlTemplate.startsWith("http://") || urlTemplate.startsWith("https://"))) {
            throw new IllegalArgumentException("the " + endpoint + " endpoint must be an http(s) URL with {ip} where the"
                    + " address goes, e.g. https://isc.sans.edu/api/ip/{ip}?json; got " + urlTemplate);
        }
        this.name = name;
        this.endpoint = endpoint;
        this.urlTemplate = urlTemplate;
    }

    /** {@code /ipwhois} over a whois service answering JSON, e.g. {@code https://rdap.arin.net/registry/ip/{ip}}. */
    public static IpLookup whois(String urlTemplate) {
        return new IpLookup("IPWhois", "ipwhois", urlTemplate);
    }

    /** {@code /ipdshieldquery} over DShield's API, {@code https://isc.sans.edu/api/ip/{ip}?json}. */
    public static IpLookup dshield(String urlTemplate) {
        return new IpLookup("IPDShieldQuery", "ipdshieldquery", urlTemplate);
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
        HttpRequest upstream = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").header("User-Agent", "Rampart").GET().build();
        byte[] bytes;
        int status;
        try {
            HttpResponse<InputStream> response = HTTP.send(upstream, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream body = response.body()) {
                bytes = body.readNBytes(MAX_REPLY_BYTES + 1);
            }
        } catch (IOException e) {
            reply.set(502, "application/json", error(endpoint + " lookup failed: " + e));
            return;
        }
        if (status != 200 || bytes.length > MAX_REPLY_BYTES) {
            reply.set(502, "application/json", error(endpoint + " lookup failed: upstream status " + status
                    + (bytes.length > MAX_REPLY_BYTES ? ", reply over 1 MiB" : "")));
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
