package org.rampart.store.lucene;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.tree.QueryTree.Bool;
import org.rampart.query.tree.QueryTree.Exists;
import org.rampart.query.tree.QueryTree.Fuzzy;
import org.rampart.query.tree.QueryTree.MatchAll;
import org.rampart.query.tree.QueryTree.Phrase;
import org.rampart.query.tree.QueryTree.Prefix;
import org.rampart.query.tree.QueryTree.Range;
import org.rampart.query.tree.QueryTree.Regexp;
import org.rampart.query.tree.QueryTree.Terms;
import org.rampart.query.tree.QueryTree.Wildcard;
import org.rampart.query.tree.FieldKind;
import org.rampart.query.tree.QueryTree;
import org.rampart.query.tree.Dates;

/**
 * Translates a {@link QueryTree} into a Lucene query for one partition, with the semantics Elasticsearch gives it
 * under that partition's mapping. A path the partition does not hold matches nothing; a value that cannot be read
 * as the field's type (an IP that is not one) matches nothing rather than failing the search.
 */
final class QueryTranslator {
    private final PartitionFields fields;
    private final Analyzer analyzer;
    private final QueryBuilder builder;

    QueryTranslator(PartitionFields fields, Analyzer analyzer) {
        this.fields = fields;
        this.analyzer = analyzer;
        this.builder = new QueryBuilder(analyzer);
    }

    /** The Lucene query; a pattern too complex to run is an IllegalArgumentException that says which. */
    Query query(QueryTree tree) {
        try {
            return translate(tree);
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("bad query string: pattern too complex: " + e.getMessage(), e);
        }
    }

    private Query translate(QueryTree tree) {
        return switch (tree) {
            case MatchAll t -> new MatchAllDocsQuery();
            case QueryTree.Term t -> perPath(t.field(), path -> match(path, t.value()));
            case Phrase t -> perPath(t.field(), path -> phrase(path, t.value(), t.slop()));
            case Terms t -> perPath(t.field(), path -> terms(path, t.values()));
            case Wildcard t -> stringTerms(t.field(), t.pattern(), t.normalized(), (f, p) -> new WildcardQuery(new Term(f, p)));
            case Prefix t -> stringTerms(t.field(), t.prefix(), true, (f, p) -> new PrefixQuery(new Term(f, p)));
            case Regexp t -> stringTerms(t.field(), t.regex(), true, (f, p) -> new RegexpQuery(new Term(f, p)));
            case Fuzzy t -> stringTerms(t.field(), t.term(), true, (f, p) -> new FuzzyQuery(new Term(f, p), t.maxEdits()));
            case Range t -> perPath(t.field(), path -> range(path, t.from(), t.to(), t.includeFrom(), t.includeTo()));
            case Exists t -> perPath(t.field(), this::exists);
            case Bool t -> bool(t);
        };
    }

    private Query bool(Bool m) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        m.must().forEach(x -> b.add(translate(x), Occur.FILTER));
        m.mustNot().forEach(x -> b.add(translate(x), Occur.MUST_NOT));
        m.should().forEach(x -> b.add(translate(x), Occur.SHOULD));
        if (!m.should().isEmpty()) {
            // Filter context (MozDef runs the whole bool as a filter): one should clause must match.
            b.setMinimumNumberShouldMatch(1);
        } else if (m.must().isEmpty()) {
            // No clause, or only negative ones, means everything (but them), as in Elasticsearch.
            b.add(new MatchAllDocsQuery(), Occur.FILTER);
        }
        return b.build();
    }

    /** A multi-term query on the string encodings of a field: as typed on keyword, normalized on text if asked. */
    private Query stringTerms(String field, String pattern, boolean normalized, BiFunction<String, String, Query> make) {
        return perPath(field, path -> {
            List<Query> queries = new ArrayList<>(2);
            for (Encoding e : fields.encodings(path)) {
                if (e == Encoding.KEYWORD) {
                    queries.add(make.apply(e.field(path), pattern));
                } else if (e == Encoding.TEXT) {
                    queries.add(make.apply(e.field(path),
                            normalized ? analyzer.normalize(e.field(path), pattern).utf8ToString() : pattern));
                }
            }
            return anyOf(queries);
        });
    }

    /** The query on every path a field names (a glob names several), any one of which may match. */
    private Query perPath(String field, Function<String, Query> query) {
        List<Query> queries = new ArrayList<>();
        for (String path : fields.expand(field)) {
            Query q = query.apply(path);
            if (!(q instanceof MatchNoDocsQuery)) {
                queries.add(q);
            }
        }
        return anyOf(queries);
    }

    /** Elasticsearch's {@code match}: analyzed on text, exact on everything else. */
    private Query match(String path, Object value) {
        if (path.equals(DocumentMapper.ID)) {
            return new TermQuery(new Term(DocumentMapper.ID, FieldKind.keyword(value)));
        }
        return perEncoding(path, e -> e == Encoding.TEXT ? analyzed(path, FieldKind.keyword(value)) : exact(e, path, value));
    }

    /** Elasticsearch's {@code match_phrase}: consecutive tokens on text, exact on everything else. */
    private Query phrase(String path, Object value, int slop) {
        if (path.equals(DocumentMapper.ID)) {
            return match(path, value);
        }
        return perEncoding(path, e -> {
            if (e != Encoding.TEXT) {
                return exact(e, path, value);
            }
            Query q = builder.createPhraseQuery(e.field(path), FieldKind.keyword(value), slop);
            return q == null ? new MatchNoDocsQuery() : q;
        });
    }

    private Query terms(String path, List<?> values) {
        if (values.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        if (path.equals(DocumentMapper.ID)) {
            return new TermInSetQuery(DocumentMapper.ID, values.stream().map(v -> new BytesRef(FieldKind.keyword(v))).toList());
        }
        return perEncoding(path, e -> {
            if (e == Encoding.KEYWORD || e == Encoding.TEXT) {
                return new TermInSetQuery(e.field(path), values.stream().map(v -> new BytesRef(FieldKind.keyword(v))).toList());
            }
            return anyOf(values.stream().map(v -> exact(e, path, v)).toList());
        });
    }

    private Query range(String path, Object from, Object to, boolean includeFrom, boolean includeTo) {
        return perEncoding(path, e -> range(e, path, from, to, includeFrom, includeTo));
    }

    /**
     * Elasticsearch's {@code exists}: a non-null value at the path or, for an object, anywhere inside it. Every
     * field the mapper writes has doc values or norms, which say so per document; the few values that are present
     * but not indexed (see {@link DocumentMapper#EXISTS}) are found by their term.
     */
    private Query exists(String path) {
        List<String> indexed = fields.fieldsAtOrUnder(path);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        indexed.forEach(field -> any.add(new FieldExistsQuery(field), Occur.SHOULD));
        any.add(new TermQuery(new Term(DocumentMapper.EXISTS, path)), Occur.SHOULD);
        return new ConstantScoreQuery(any.build());
    }

    private Query analyzed(String path, String text) {
        Query q = builder.createBooleanQuery(Encoding.TEXT.field(path), text, Occur.SHOULD);
        return q == null ? new MatchNoDocsQuery() : q;
    }

    /** One term-level value on one encoding of a path. */
    private Query exact(Encoding e, String path, Object value) {
        String field = e.field(path);
        switch (e) {
            case KEYWORD, TEXT -> {
                return new TermQuery(new Term(field, FieldKind.keyword(value)));
            }
            case DATE -> {
                Long millis = Dates.parse(value);
                return millis == null ? new MatchNoDocsQuery() : LongPoint.newExactQuery(field, millis);
            }
            case LONG -> {
                Double d = number(value);
                return d == null || d != Math.rint(d) ? new MatchNoDocsQuery()
                        : LongPoint.newExactQuery(field, d.longValue());
            }
            case DOUBLE -> {
                Double d = number(value);
                return d == null ? new MatchNoDocsQuery() : DoublePoint.newExactQuery(field, d);
            }
            case IP -> {
                String text = FieldKind.keyword(value);
                if (text.indexOf('/') >= 0) {
                    try {
                        Cidr block = Cidr.parse(text);
                        return InetAddressPoint.newRangeQuery(field, block.first(), block.last());
                    } catch (IllegalArgumentException notACidr) {
                        return new MatchNoDocsQuery();
                    }
                }
                InetAddress address = IpAddresses.address(text);
                return address == null ? new MatchNoDocsQuery() : InetAddressPoint.newExactQuery(field, address);
            }
        }
        throw new IllegalStateException("unhandled encoding " + e);
    }

    /** A range on one encoding; null bounds are open. A bound that is not of the field's type matches nothing. */
    private Query range(Encoding e, String path, Object from, Object to, boolean includeFrom, boolean includeTo) {
        String field = e.field(path);
        switch (e) {
            case KEYWORD, TEXT -> {
                return TermRangeQuery.newStringRange(field, from == null ? null : FieldKind.keyword(from),
                        to == null ? null : FieldKind.keyword(to), includeFrom, includeTo);
            }
            case DATE -> {
                Long lo = from == null ? Long.MIN_VALUE : Dates.parse(from);
                Long hi = to == null ? Long.MAX_VALUE : Dates.parse(to);
                if (lo == null || hi == null) {
                    return new MatchNoDocsQuery();
                }
                return longRange(field, lo, hi, includeFrom || from == null, includeTo || to == null);
            }
            case LONG -> {
                Double lo = from == null ? null : number(from);
                Double hi = to == null ? null : number(to);
                if ((from != null && lo == null) || (to != null && hi == null)) {
                    return new MatchNoDocsQuery();
                }
                long l = lo == null ? Long.MIN_VALUE : (long) Math.ceil(lo);
                long h = hi == null ? Long.MAX_VALUE : (long) Math.floor(hi);
                return longRange(field, l, h, includeFrom || lo == null || l != lo, includeTo || hi == null || h != hi);
            }
            case DOUBLE -> {
                Double lo = from == null ? Double.NEGATIVE_INFINITY : number(from);
                Double hi = to == null ? Double.POSITIVE_INFINITY : number(to);
                if (lo == null || hi == null) {
                    return new MatchNoDocsQuery();
                }
                return DoublePoint.newRangeQuery(field, includeFrom ? lo : Math.nextUp(lo),
                        includeTo ? hi : Math.nextDown(hi));
            }
            case IP -> {
                InetAddress lo = from == null ? InetAddressPoint.MIN_VALUE : IpAddresses.address(FieldKind.keyword(from));
                InetAddress hi = to == null ? InetAddressPoint.MAX_VALUE : IpAddresses.address(FieldKind.keyword(to));
                if (lo == null || hi == null) {
                    return new MatchNoDocsQuery();
                }
                try {
                    return InetAddressPoint.newRangeQuery(field,
                            includeFrom ? lo : InetAddressPoint.nextUp(lo),
                            includeTo ? hi : InetAddressPoint.nextDown(hi));
                } catch (ArithmeticException emptyRange) {
                    return new MatchNoDocsQuery();
                }
            }
        }
        throw new IllegalStateException("unhandled encoding " + e);
    }

    private static Query longRange(String field, long lo, long hi, boolean includeLo, boolean includeHi) {
        if ((!includeLo && lo == Long.MAX_VALUE) || (!includeHi && hi == Long.MIN_VALUE)) {
            return new MatchNoDocsQuery();
        }
        return LongPoint.newRangeQuery(field, includeLo ? lo : lo + 1, includeHi ? hi : hi - 1);
    }

    private Query perEncoding(String path, Function<Encoding, Query> query) {
        List<Query> queries = new ArrayList<>(2);
        for (Encoding e : fields.encodings(path)) {
            queries.add(query.apply(e));
        }
        return anyOf(queries);
    }

    private static Query anyOf(List<Query> queries) {
        if (queries.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        if (queries.size() == 1) {
            return queries.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        queries.forEach(q -> b.add(q, Occur.SHOULD));
        return b.build();
    }

    private static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s && s.length() < 64) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
