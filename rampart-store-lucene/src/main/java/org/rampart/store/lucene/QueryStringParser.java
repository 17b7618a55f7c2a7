package org.rampart.store.lucene;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Elasticsearch's {@code query_string} as MozDef uses it: Lucene's classic syntax, default field {@code *} (every
 * path), OR, leading wildcards allowed, {@code _exists_:field}, and each term read according to the field it
 * lands on (exact on keyword, analyzed on text, an address range for {@code [a TO b]} on an ip field, a
 * whole-value anchored {@code /regex/} on keyword).
 */
final class QueryStringParser extends QueryParser {
    private static final String EXISTS_FIELD = "_exists_";

    private final QueryTranslator translator;
    private final PartitionFields fields;
    private final Analyzer analyzer;

    QueryStringParser(QueryTranslator translator, PartitionFields fields, Analyzer analyzer) {
        super("*", analyzer);
        this.translator = translator;
        this.fields = fields;
        this.analyzer = analyzer;
        setAllowLeadingWildcard(true);
        setDefaultOperator(OR_OPERATOR);
    }

    /** Parses, turning every syntax problem into an IllegalArgumentException that says what is wrong. */
    Query parseQuery(String text) {
        try {
            return parse(text);
        } catch (ParseException | TokenMgrError | TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("bad query string: " + firstLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
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

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) {
        if (field.equals(EXISTS_FIELD)) {
            return translator.exists(queryText);
        }
        return perPath(field, path -> quoted ? translator.phrase(path, queryText, 0) : translator.match(path, queryText));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) {
        if (field.equals(EXISTS_FIELD)) {
            return translator.exists(queryText);
        }
        return perPath(field, path -> translator.phrase(path, queryText, slop));
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
            boolean endInclusive) {
        return perPath(field, path -> translator.range(path, part1, part2, startInclusive, endInclusive));
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) {
        if (termStr.equals("*")) {
            return field.equals("*") ? new MatchAllDocsQuery() : perPath(field, translator::exists);
        }
        return stringTerms(field, termStr, (f, t) -> new WildcardQuery(new Term(f, t)));
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) {
        return stringTerms(field, termStr, (f, t) -> new PrefixQuery(new Term(f, t)));
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) {
        return stringTerms(field, termStr, (f, t) -> new RegexpQuery(new Term(f, t)));
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) {
        int edits = Math.max(0, Math.min(FuzzyQuery.defaultMaxEdits, (int) minSimilarity));
        return stringTerms(field, termStr, (f, t) -> new FuzzyQuery(new Term(f, t), edits));
    }

    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
        if (!clauses.isEmpty() && clauses.stream().allMatch(c -> c.occur() == Occur.MUST_NOT)) {
            // A purely negative query means "everything but", as in Elasticsearch.
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
            clauses.forEach(b::add);
            return b.build();
        }
        return super.getBooleanQuery(clauses);
    }

    /** A multi-term query on the string encodings of a field: as typed on keyword, normalized on text. */
    private Query stringTerms(String field, String termStr, java.util.function.BiFunction<String, String, Query> make) {
        return perPath(field, path -> {
            List<Query> queries = new ArrayList<>(2);
            for (Encoding e : fields.encodings(path)) {
                if (e == Encoding.KEYWORD) {
                    queries.add(make.apply(e.field(path), termStr));
                } else if (e == Encoding.TEXT) {
                    queries.add(make.apply(e.field(path), analyzer.normalize(e.field(path), termStr).utf8ToString()));
                }
            }
            return QueryTranslator.anyOf(queries);
        });
    }

    private Query perPath(String field, Function<String, Query> query) {
        List<Query> queries = new ArrayList<>();
        for (String path : fields.expand(field)) {
            Query q = query.apply(path);
            if (!(q instanceof MatchNoDocsQuery)) {
                queries.add(q);
            }
        }
        return QueryTranslator.anyOf(queries);
    }
}
