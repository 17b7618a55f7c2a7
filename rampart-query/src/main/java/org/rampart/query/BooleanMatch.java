package org.rampart.query;

import java.util.List;

/**
 * MozDef's BooleanMatch ({@code bool} in filter context): every {@code must}, no {@code mustNot}, and, when
 * {@code should} is not empty, at least one of {@code should}. An empty BooleanMatch matches everything.
 */
public record BooleanMatch(List<Match> must, List<Match> mustNot, List<Match> should) implements Match {
    public BooleanMatch {
        must = List.copyOf(must == null ? List.of() : must);
        mustNot = List.copyOf(mustNot == null ? List.of() : mustNot);
        should = List.copyOf(should == null ? List.of() : should);
    }

    /** Matches if any of the matchers does (MozDef's {@code a | b}). */
    public static BooleanMatch anyOf(Match... matches) {
        return new BooleanMatch(List.of(), List.of(), List.of(matches));
    }

    /** Matches if all of the matchers do (MozDef's {@code a + b}). */
    public static BooleanMatch allOf(Match... matches) {
        return new BooleanMatch(List.of(matches), List.of(), List.of());
    }
}
