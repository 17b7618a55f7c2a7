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
import org.apache.lucene.util.automaton.RegExp;
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
        try {
            new RegExp(termStr, RegExp.ALL);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad query string: bad regular expression /" + termStr + "/: "
                    + e.getMessage(), e);
        }
        return new Node(new Regexp(field, termStr));
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
