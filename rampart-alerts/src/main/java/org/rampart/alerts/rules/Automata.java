package org.rampart.alerts.rules;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/** Lucene's own automata for patterns, so a pattern matches here exactly what it matches in the store. */
final class Automata {

    private Automata() {}

    /** {@code *} and {@code ?} over the whole value, {@code \} escapes. */
    static Automaton wildcard(String pattern) {
        try {
            return deterministic(WildcardQuery.toAutomaton(new Term("", pattern), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT),
                    pattern);
        } catch (TooComplexToDeterminizeException e) { // toAutomaton determinizes itself
            throw new IllegalArgumentException("pattern too complex: " + pattern, e);
        }
    }

    /** Everything starting with the prefix. */
    static Automaton prefix(String prefix) {
        return deterministic(Operations.concatenate(org.apache.lucene.util.automaton.Automata.makeString(prefix),
                org.apache.lucene.util.automaton.Automata.makeAnyString()), prefix);
    }

    /** Lucene's regular expression syntax, anchored to the whole value. */
    static Automaton regexp(String regex) {
        try {
            return deterministic(new RegExp(regex, RegExp.ALL).toAutomaton(), regex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad regular expression /" + regex + "/: " + e.getMessage(), e);
        }
    }

    /** Within {@code edits} edits (at most 2) of the term. */
    static Automaton fuzzy(String term, int edits) {
        int e = Math.max(0, Math.min(LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE, edits));
        return deterministic(new LevenshteinAutomata(term, true).toAutomaton(e), term);
    }

    private static Automaton deterministic(Automaton a, String source) {
        try {
            return a.isDeterministic() ? a : Operations.determinize(a, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("pattern too complex: " + source, e);
        }
    }
}
