package org.rampart.event.extension;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MozDef's plugin registration: terms compared with every key and every string value of a document at any depth,
 * lower-cased ({@code dict2List}); {@code *} matches every document. Numbers, booleans and null never match:
 * MozDef compares them, unconverted, with string terms. Event plugins, alert plugins and alert actions all register
 * this way; {@link RegistrationIndex} is the one matcher.
 */
public final class Registration {
    /** The term that registers for every document. */
    public static final String ALL_TERM = "*";

    /** Registers for every document. */
    public static final Registration ALL = new Registration(Set.of(ALL_TERM));

    private final Set<String> terms;
    private final RegistrationIndex alone;

    private Registration(Set<String> terms) {
        this.terms = terms;
        this.alone = RegistrationIndex.of(List.of(this));
    }

    /**
     * A registration on these terms (case-insensitive); {@code *} for everything.
     *
     * @throws IllegalArgumentException when there is no term, or a term is null
     */
    public static Registration of(Collection<String> terms) {
        if (terms == null || terms.isEmpty() || terms.stream().anyMatch(t -> t == null)) {
            throw new IllegalArgumentException("a registration needs one or more terms, or \"*\" for everything; got " + terms);
        }
        return new Registration(terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** A registration on these terms (case-insensitive); {@code *} for everything. */
    public static Registration of(String... terms) {
        return of(Arrays.asList(terms));
    }

    /** The lower-cased terms. */
    public Set<String> terms() {
        return terms;
    }

    /** True for {@code *}. */
    public boolean matchesAll() {
        return terms.contains(ALL_TERM);
    }

    /** Whether a plugin with this registration sees the document. */
    public boolean matches(JsonNode document) {
        if (matchesAll()) {
            return true;
        }
        RegistrationIndex.Seen seen = alone.seen();
        seen.collect(document);
        return seen.matches(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registration r && r.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return terms.toString();
    }
}
