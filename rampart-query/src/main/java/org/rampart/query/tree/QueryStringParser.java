package org.rampart.query.tree;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.queryparser.charstream.FastCharStream;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.QueryParserConstants;
import org.apache.lucene.queryparser.classic.QueryParserTokenManager;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.rampart.query.tree.QueryTree.Bool;
import org.rampart.query.tree.QueryTree.Exists;
import org.rampart.query.tree.QueryTree.Fuzzy;
import org.rampart.query.tree.QueryTree.MatchAll;
import org.rampart.query.tree.QueryTree.Phrase;
import org.rampart.query.tree.QueryTree.Prefix;
import org.rampart.query.tree.QueryTree.Range;
import org.rampart.query.tree.QueryTree.Regexp;
import org.rampart.query.tree.QueryTree.Term;
import org.rampart.query.tree.QueryTree.Wildcard;

/**
 * Elasticsearch's {@code query_string} as MozDef uses it: Lucene's classic syntax (read by Lucene's own parser,
 * as Elasticsearch does), default field {@code *}, default operator OR, leading wildcards allowed,
 * {@code _exists_:field}. Each syntax element becomes a {@link QueryTree} node; boosts are dropped (there is no
 * scoring in filter context).
 */
final class QueryStringParser extends QueryParser {
    private static final String EXISTS = "_exists_";
    private static final int MAX_REGEXP_LENGTH = 1000;
    private static final int MAX_REGEXP_STATES = 10_000;

    private QueryStringParser() {
        // The analyzer is never used: every term arrives raw in the overridden factory methods.
        super("*", new StandardAnalyzer());
        setAllowLeadingWildcard(true);
        setDefaultOperator(OR_OPERATOR);
    }

    static QueryTree tree(String text) {
        checkNesting(text);
        try {
            return tree(new QueryStringParser().parse(text));
        } catch (ParseException | TokenMgrError e) {
            throw new IllegalArgumentException("bad query string: " + firstLine(e.getMessage()), e);
        }
    }

    static IllegalArgumentException tooDeep() {
        return new IllegalArgumentException("query nests deeper than " + QueryTree.MAX_DEPTH + " levels");
    }

    /**
     * Lucene's parser recurses once per parenthesis: thousands of them overflow the stack. Its lexer does not
     * recurse, so count the parentheses it sees (not those inside quotes, regexps or ranges) before parsing.
     */
    private static void checkNesting(String text) {
        QueryParserTokenManager lexer = new QueryParserTokenManager(new FastCharStream(new StringReader(text)));
        int depth = 0;
        try {
            for (Token t = lexer.getNextToken(); t.kind != QueryParserConstants.EOF; t = lexer.getNextToken()) {
                if (t.kind == QueryParserConstants.LPAREN && ++depth > QueryTree.MAX_DEPTH) {
                    throw tooDeep();
                } else if (t.kind == QueryParserConstants.RPAREN) {
                    depth--;
                }
            }
        } catch (TokenMgrError e) {
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

    private static QueryTree tree(Query query) {
        return switch (query) {
            case Node n -> n.tree;
            case BoostQuery b -> tree(b.getQuery());
            default -> throw new IllegalStateException("the parser made a query it was not asked for: " + query);
        };
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) {
        if (field.equals(EXISTS)) {
            return new Node(new Exists(queryText));
        }
        return new Node(quoted ? new Phrase(field, queryText, 0) : new Term(field, queryText));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) {
        if (field.equals(EXISTS)) {
            return new Node(new Exists(queryText));
        }
        return new Node(new Phrase(field, queryText, slop));
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
            boolean endInclusive) {
        return new Node(new Range(field, part1, part2, startInclusive, endInclusive));
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) {
        if (termStr.equals("*")) {
            return new Node(field.equals("*") ? new MatchAll() : new Exists(field));
        }
        return new Node(new Wildcard(field, termStr, true));
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) {
        return new Node(new Prefix(field, termStr));
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) {
        checkRegexp(termStr);
        return new Node(new Regexp(field, termStr));
    }

    /**
     * A regular expression every store and matcher can build: at most {@value #MAX_REGEXP_LENGTH} characters (as
     * Elasticsearch's {@code index.max_regex_length}; Lucene's parser recurses per character and per parenthesis), an
     * automaton of at most {@value #MAX_REGEXP_STATES} states (Lucene builds {@code a{1000}} or {@code ((a+)+)+} as
     * copies, exponentially many for nested repeats), and one Lucene can determinize within its default work limit.
     */
    private static void checkRegexp(String regex) {
        String shown = regex.length() <= 64 ? regex : regex.substring(0, 63) + "…";
        if (regex.length() > MAX_REGEXP_LENGTH) {
            throw new IllegalArgumentException("bad query string: regular expression /" + shown + "/ is longer than "
                    + MAX_REGEXP_LENGTH + " characters");
        }
        try {
            RegExp parsed = new RegExp(regex, RegExp.ALL);
            if (states(parsed) > MAX_REGEXP_STATES) {
                throw new IllegalArgumentException("it repeats too much (over " + MAX_REGEXP_STATES + " states)");
            }
            Operations.determinize(parsed.toAutomaton(), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
        } catch (IllegalArgumentException | TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("bad query string: bad regular expression /" + shown + "/: "
                    + e.getMessage(), e);
        }
    }

    /** An upper bound of the states {@link RegExp#toAutomaton()} builds; saturates instead of overflowing. */
    private static long states(RegExp r) {
        return switch (r.kind) {
            case REGEXP_UNION, REGEXP_CONCATENATION -> Math.min(Long.MAX_VALUE / 2, states(r.exp1) + states(r.exp2));
            case REGEXP_INTERSECTION -> times(states(r.exp1), states(r.exp2));
            case REGEXP_OPTIONAL, REGEXP_REPEAT, REGEXP_COMPLEMENT, REGEXP_DEPRECATED_COMPLEMENT -> states(r.exp1) + 1;
            case REGEXP_REPEAT_MIN -> times(states(r.exp1), r.min + 1L);
            case REGEXP_REPEAT_MINMAX -> times(states(r.exp1), r.max + 1L);
            case REGEXP_STRING -> 2L * r.s.length() + 1;
            case REGEXP_INTERVAL -> 32L * (r.digits + 10);
            default -> 4; // a character, a class, any character or string, empty, a named automaton
        };
    }

    private static long times(long a, long b) {
        return a > Long.MAX_VALUE / 2 / Math.max(1, b) ? Long.MAX_VALUE / 2 : a * b;
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) {
        int edits = Math.max(0, Math.min(LevenshteinAutomata.MAXIMUM_SUPPORTED_DISTANCE, (int) minSimilarity));
        return new Node(new Fuzzy(field, termStr, edits));
    }

    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) {
        if (clauses.isEmpty()) {
            return null;
        }
        List<QueryTree> must = new ArrayList<>();
        List<QueryTree> mustNot = new ArrayList<>();
        List<QueryTree> should = new ArrayList<>();
        for (BooleanClause clause : clauses) {
            QueryTree t = tree(clause.query());
            switch (clause.occur()) {
                case MUST, FILTER -> must.add(t);
                case MUST_NOT -> mustNot.add(t);
                case SHOULD -> should.add(t);
            }
        }
        // Lucene: next to a required clause, optional ones only score, so in filter context they do nothing.
        return new Node(new Bool(must, mustNot, must.isEmpty() ? should : List.of()));
    }

    /** Carries a tree node through Lucene's parser, which wants queries. */
    private static final class Node extends Query {
        final QueryTree tree;

        Node(QueryTree tree) {
            this.tree = tree;
        }

        @Override
        public String toString(String field) {
            return tree.toString();
        }

        @Override
        public void visit(QueryVisitor visitor) {
            visitor.visitLeaf(this);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Node n && n.tree.equals(tree);
        }

        @Override
        public int hashCode() {
            return tree.hashCode();
        }
    }
}
