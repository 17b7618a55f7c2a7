package org.rampart.query;

import java.util.List;

/** MozDef's TermsMatch ({@code terms}): the field holds exactly one of the values; never analyzed. */
public record TermsMatch(String key, List<?> values) implements Match {
    /** Most values one TermsMatch may list. */
    public static final int MAX_VALUES = 4096;

    public TermsMatch {
        Checks.key(key);
        if (values == null || values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("TermsMatch needs a list of at most " + MAX_VALUES + " values");
        }
        values = values.stream().map(v -> Checks.scalar("TermsMatch value", v)).toList();
    }
}
