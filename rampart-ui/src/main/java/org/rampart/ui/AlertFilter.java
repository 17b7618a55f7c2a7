package org.rampart.ui;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The alerts page's filters as the request gave them (the API's names: category, severity, text, regex, from, to), to
 * refill the form and build the links to other pages of the same list.
 */
public record AlertFilter(Map<String, String> values) {
    static final String[] NAMES = {"category", "severity", "text", "regex", "from", "to"};

    static AlertFilter of(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isEmpty()) {
                values.put(name, value);
            }
        }
        return new AlertFilter(values);
    }

    /** The filter's value of {@code name}, empty when not set. */
    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The alerts page's URL with these filters and another value for one of them (empty removes it). */
    public String with(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.remove("page");
        if (value.isEmpty()) {
            next.remove(name);
        } else {
            next.put(name, value);
        }
        return "/alerts" + (next.isEmpty() ? "" : "?" + next.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }
}
