package org.rampart.web.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.web.rest.spi.RestPlugin;

/**
 * MozDef's bundled REST plugins ipblocklist, fqdnblocklist and watchlist: one behaviour, three lists. The body is
 * MozDef's form serialisation, a JSON array of objects whose keys merge (later wins); nothing happens unless the
 * plugin's flag ({@link #name()}) is truthy and the item is present.
 */
public final class ListPlugin implements RestPlugin {
    /** MozDef's durations; anything else is one hour. */
    private static final Map<String, Duration> DURATIONS = Map.of("12hr", Duration.ofHours(12), "1d", Duration.ofDays(1),
            "2d", Duration.ofDays(2), "3d", Duration.ofDays(3), "1w", Duration.ofDays(7), "30d", Duration.ofDays(30));
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final int MAX_ITEM = 1024;
    /** The state's column sizes. */
    private static final int MAX_COMMENT = 4096;
    private static final int MAX_REFERENCE = 1024;
    /** MozDef's rule, matched on the whole string (MozDef's multi-line match let "evil.com\nfoo" through). */
    private static final Pattern FQDN =
            Pattern.compile("(?i)(?=.{4,255}$)((?!-)[a-z0-9-]{1,63}(?<!-)\\.)+[a-z]{2,63}");

    private final String name;
    private final String description;
    private final String endpoint;
    private final String itemKey;
    private final ListItems.Kind kind;
    private final boolean refreshDuplicates;
    /** The stored form of a valid item; throws IllegalArgumentException with the reason for one it refuses. */
    private final UnaryOperator<String> validator;
    private final ListItems items;

    private ListPlugin(String name, String description, String endpoint, String itemKey, ListItems.Kind kind,
                       boolean refreshDuplicates, UnaryOperator<String> validator, ListItems items) {
        this.name = name;
        this.description = description;
        this.endpoint = endpoint;
        this.itemKey = itemKey;
        this.kind = kind;
        this.refreshDuplicates = refreshDuplicates;
        this.validator = validator;
        this.items = items;
    }

    /** The three bundled plugins, in MozDef's listing order. */
    public static List<RestPlugin> bundled(ListItems items) {
        return List.of(
                new ListPlugin("IPBlockList", "IP Block LIst", "blockip", "ipaddress", ListItems.Kind.IP_BLOCKLIST,
                        true, BlockableNetwork::parse, items),
                new ListPlugin("FQDNBlockList", "FQDN Block LIst", "blockfqdn", "fqdn", ListItems.Kind.FQDN_BLOCKLIST,
                        false, ListPlugin::fqdn, items),
                new ListPlugin("WatchList", "Watch List", "watchitem", "watchcontent", ListItems.Kind.WATCHLIST,
                        false, ListPlugin::watchTerm, items));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> registration() {
        return List.of(endpoint);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public void onMessage(Request request, Reply reply) throws Exception {
        reply.header("X-Plugin", description);
        ObjectNode form = form(request.body());
        if (!truthy(form.get(name)) || form.path(itemKey).isNull() || form.path(itemKey).isMissingNode()) {
            return;
        }
        JsonNode value = form.get(itemKey);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(itemKey + " must be a string");
        }
        String item = validator.apply(value.asText());
        Duration lifetime = DURATIONS.getOrDefault(form.path("duration").asText(""), DEFAULT_DURATION);
        items.add(kind, new ListItems.Entry(item, lifetime, text(form, "comment", MAX_COMMENT),
                text(form, "referenceid", MAX_REFERENCE),
                request.caller()), refreshDuplicates);
    }

    /** The array of objects merged into one, later keys winning, as MozDef reads it. */
    private static ObjectNode form(String body) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body must be a JSON array of objects (MozDef's form fields): "
                    + e.getMessage());
        }
        if (parsed == null || !parsed.isArray()) {
            throw new IllegalArgumentException("the body must be a JSON array of objects (MozDef's form fields)");
        }
        ObjectNode form = Json.object();
        for (JsonNode field : parsed) {
            if (!field.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON array of objects; found " + field.getNodeType());
            }
            form.setAll((ObjectNode) field);
        }
        return form;
    }

    /** Python truthiness, which MozDef's flag check uses: any non-empty string counts, even "false". */
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        return v.isTextual() ? !v.asText().isEmpty() : !v.isEmpty();
    }

    private static String text(ObjectNode form, String key, int max) {
        JsonNode v = form.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.asText() : v.toString();
        if (s.length() > max) {
            throw new IllegalArgumentException(key + " is longer than " + max + " characters");
        }
        return s;
    }

    static String fqdn(String name) {
        if (!FQDN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid FQDN");
        }
        return name;
    }

    static String watchTerm(String term) {
        if (term.length() < 2 || term.length() > MAX_ITEM) {
            throw new IllegalArgumentException("a watch term needs 2 to " + MAX_ITEM + " characters");
        }
        return term;
    }
}
