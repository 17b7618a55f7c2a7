package org.rampart.alerts.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.rampart.alerts.rules.EventMatcher.Condition;
import org.rampart.alerts.rules.EventMatcher.PathCondition;

/**
 * Compiles Elasticsearch's {@code query_string} (Lucene classic syntax, default field every path, OR,
 * leading wildcards, {@code _exists_:field}) into an in-memory condition. Lucene's own parser reads the
 * syntax; each term becomes the same per-field condition a matcher record would, so {@code a:b} means
 * what {@code TermMatch(a, b)} means.
 */
final class QueryStringCompiler extends QueryParser {

    private static final String EXISTS = "_exists_";

    private QueryStringCompiler() {
        // The analyzer is never used: every term arrives raw in the overridden factory methods.
        super("*", new StandardAnalyzer());
        setAllowLeadingWildcard(true);
        setDefaultOperator(OR_OPERATOR);
    }

    static Condition compile(String queryString) {
        try {
            return toCondition(new QueryStringCompiler().parse(queryString));
        } catch (ParseException | TokenMgrError | TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("bad query string: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparsable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static Condition toCondition(Query query) {
        return switch (query) {
            case ConditionQuery q -> q.condition;
            case BoostQuery q -> toCondition(q.getQuery());
            case MatchAllDocsQuery q -> EventMatcher.ALWAYS;
            case MatchNoDocsQuery q -> EventMatcher.NEVER;
            case BooleanQuery q -> {
                List<Condition> must = new ArrayList<>();
                List<Condition> mustNot = new ArrayList<>();
                List<Condition> should = new ArrayList<>();
                for (BooleanClause clause : q.clauses()) {
                    Condition c = toCondition(clause.query());
                    switch (clause.occur()) {
                        case MUST, FILTER -> must.add(c);
                        case MUST_NOT -> mustNot.add(c);
                        case SHOULD -> should.add(c);
                    }
                }
                // Lucene: with a required clause the optional ones only score; without, one must match.
                yield EventMatcher.bool(must, mustNot, must.isEmpty() ? should : List.of());
            }
            default -> throw new IllegalArgumentException("unsupported query_string construct: " + query);
        };
    }

    private static Query on(String field, PathCondition condition) {
        return new ConditionQuery(EventMatcher.onPath(field, condition));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) {
        if (field.equals(EXISTS)) {
            return new ConditionQuery(e -> e.exists(queryText));
        }
        return on(field, quoted ? EventMatcher.phrase(queryText, 0) : EventMatcher.term(queryText));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) {
        if (field.equals(EXISTS)) {
            return new ConditionQuery(e -> e.exists(queryText));
        }
        return on(field, EventMatcher.phrase(queryText, slop));
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
            boolean endInclusive) {
        return on(field, EventMatcher.range(part1, part2, startInclusive, endInclusive));
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) {
        if (termStr.equals("*")) {
            if (field.equals("*")) {
                return new MatchAllDocsQuery();
            }
            return new ConditionQuery(e -> e.exists(field));
        }
        return patterns(field, termStr, Automata::wildcard);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) {
        return patterns(field, termStr, Automata::prefix);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) {
        return patterns(field, termStr, Automata::regexp);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) {
        int edits = (int) minSimilarity;
        return patterns(field, termStr, t -> Automata.fuzzy(t, edits));
    }

    /** As the store: the pattern as typed on keyword values, lower-cased (normalized) on analysed text. */
    private static Query patterns(String field, String termStr,
            java.util.function.Function<String, org.apache.lucene.util.automaton.Automaton> make) {
        PathCondition asTyped = EventMatcher.automaton(make.apply(termStr));
        PathCondition normalized = EventMatcher.automaton(make.apply(EventView.normalize("summary", termStr)));
        return on(field, (e, path) -> FieldKind.of(path) == FieldKind.TEXT ? normalized.test(e, path) : asTyped.test(e, path));
    }

    /** Carries a compiled condition through Lucene's parser. */
    private static final class ConditionQuery extends Query {
        final Condition condition;

        ConditionQuery(Condition condition) {
            this.condition = condition;
        }

        @Override
        public String toString(String field) {
            return "condition";
        }

        @Override
        public void visit(QueryVisitor visitor) {
            visitor.visitLeaf(this);
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
