package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MozDef's plugin registration: a set of lower-case terms, matched against every key and every
 * scalar value of a document (MozDef's {@code dict2List}, lower-cased); {@code *} matches everything.
 * Alert plugins and alert actions both register this way.
 */
public final class Registration {

    /** Registers for every document. */
    public static final Registration ALL = new Registration(Set.of("*"));

    /** Bounds the walk: documents are attacker-influenced (alerts carry event samples). */
    private static final int MAX_NODES = 100_000;

    private final Set<String> terms;

    private Registration(Set<String> terms) {
        this.terms = terms;
    }

    /** A registration on these terms (case-insensitive); {@code *} for everything. */
    public static Registration of(Collection<String> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a registration needs at least one term, or \"*\" for everything");
        }
        return new Registration(terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** A registration on these terms (case-insensitive); {@code *} for everything. */
    public static Registration of(String... terms) {
        return of(Set.of(terms));
    }

    /** The lower-cased terms. */
    public Set<String> terms() {
        return terms;
    }

    /** Whether a plugin with this registration sees the document. */
    public boolean matches(JsonNode document) {
        if (terms.contains("*")) {
            return true;
        }
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(document);
        int seen = 0;
        while (!todo.isEmpty() && seen++ < MAX_NODES) {
            JsonNode node = todo.pop();
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (terms.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                    todo.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(todo::push);
            } else if (!node.isNull() && terms.contains(node.asText().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return terms.toString();
    }
}
