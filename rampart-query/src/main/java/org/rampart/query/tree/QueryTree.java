package org.rampart.query.tree;

import java.util.List;
import org.rampart.query.Match;
import org.rampart.query.QueryStringMatch;

/**
 * What a query means, independent of any store: MozDef's matchers and the {@code query_string} syntax both
 * become this one tree ({@link #of}), and each implementation (the Lucene store, the in-memory streaming
 * matcher, the OpenSearch store) translates the tree, never the matchers or the query text.
 *
 * <p>A {@code field} is a dotted path, or a glob over paths ({@code *} every path, {@code details.*}), as
 * {@code query_string} fields are. Values are query values: strings, numbers, booleans or instants. How a
 * node reads a value depends on the field's kind ({@link FieldKind}): see each record.
 */
public sealed interface QueryTree {

    /** Deepest nesting a query may have: parentheses in a query string, or matchers inside matchers. */
    int MAX_DEPTH = 100;

    /** Every document. */
    record MatchAll() implements QueryTree {}

    /** Elasticsearch's {@code match}: any analysed token on text fields, the exact value on every other kind. */
    record Term(String field, Object value) implements QueryTree {}

    /** Elasticsearch's {@code match_phrase}: the tokens in order (within {@code slop}) on text, exact elsewhere. */
    record Phrase(String field, Object value, int slop) implements QueryTree {}

    /** Elasticsearch's {@code terms}: exactly one of the values, never analysed. */
    record Terms(String field, List<Object> values) implements QueryTree {
        public Terms {
            values = List.copyOf(values);
        }
    }

    /**
     * {@code *} and {@code ?} over the whole keyword value or over each token of text. A {@code query_string}
     * wildcard is normalized (lower-cased) on text fields ({@code normalized}); MozDef's WildcardMatch is not.
     */
    record Wildcard(String field, String pattern, boolean normalized) implements QueryTree {}

    /** Every value that starts with the prefix; normalized on text, as {@code query_string} does. */
    record Prefix(String field, String prefix) implements QueryTree {}

    /** Lucene's regular expression syntax anchored to the whole value (or token); normalized on text. */
    record Regexp(String field, String regex) implements QueryTree {}

    /** Within {@code maxEdits} (0 to 2) edits of the term; normalized on text. */
    record Fuzzy(String field, String term, int maxEdits) implements QueryTree {}

    /**
     * A range by the field's kind: strings (code point order) on keyword and text tokens, instants on dates,
     * addresses on ip fields, numbers where the store holds numbers. A null end is open.
     */
    record Range(String field, Object from, Object to, boolean includeFrom, boolean includeTo) implements QueryTree {}

    /** Elasticsearch's {@code exists}: a non-null value at the path or anywhere inside it. */
    record Exists(String field) implements QueryTree {}

    /**
     * A bool in filter context: every {@code must}, no {@code mustNot}, and at least one {@code should} when any
     * is given. No clause at all matches everything; only {@code mustNot} clauses, everything but them.
     */
    record Bool(List<QueryTree> must, List<QueryTree> mustNot, List<QueryTree> should) implements QueryTree {
        public Bool {
            must = List.copyOf(must);
            mustNot = List.copyOf(mustNot);
            should = List.copyOf(should);
        }
    }

    /**
     * The tree of a matcher, with every query string in it parsed. A bad query string, or nesting deeper
     * than {@link #MAX_DEPTH}, is an IllegalArgumentException that says so.
     */
    static QueryTree of(Match match) {
        return MatchLowering.lower(match, 0);
    }

    /** The tree of Elasticsearch's {@code query_string} as MozDef uses it (see {@link QueryStringMatch}). */
    static QueryTree parse(String queryString) {
        return QueryStringParser.tree(queryString);
    }
}
