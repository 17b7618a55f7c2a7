package org.rampart.store.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.ip.Cidr;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.tree.Dates;
import org.rampart.query.tree.FieldKind;
import org.rampart.query.tree.QueryTree;
import org.rampart.query.tree.QueryTree.Bool;
import org.rampart.query.tree.QueryTree.Exists;
import org.rampart.query.tree.QueryTree.Fuzzy;
import org.rampart.query.tree.QueryTree.MatchAll;
import org.rampart.query.tree.QueryTree.Phrase;
import org.rampart.query.tree.QueryTree.Prefix;
import org.rampart.query.tree.QueryTree.Range;
import org.rampart.query.tree.QueryTree.Regexp;
import org.rampart.query.tree.QueryTree.Term;
import org.rampart.query.tree.QueryTree.Terms;
import org.rampart.query.tree.QueryTree.Wildcard;

/**
 * Translates a {@link QueryTree} into Elasticsearch's query DSL. The tree's nodes are Elasticsearch's queries, so the
 * engine gives most of them their meaning by the mapping (MozDef's template): {@code match} is analysed on text and
 * exact on keyword, an ip field takes an address or a block, and so on.
 *
 * <p>Two things the engine would do differently are handled here. A value the field's type cannot read (an IP that
 * is not one) matches nothing, where the engine would fail the search: term-level queries check values by
 * {@link FieldKind}, and {@code match} queries are lenient. Field globs ({@code details.*}, {@code *}) and the
 * normalized multi-term queries of a query string (lower-cased on text fields only) become a {@code query_string}
 * on those fields, which expands globs and normalizes by field type exactly as Elasticsearch's query string does.
 */
final class QueryDsl {
    private static final String ID = "_id";
    /** Lucene's classic query syntax: characters a literal term must escape. */
    private static final String SPECIAL = "+-=&|><!(){}[]^\"~*?:\\/ ";

    private QueryDsl() {}

    /** The query; every node in filter context, so every hit scores the same. */
    static ObjectNode query(QueryTree tree) {
        return switch (tree) {
            case MatchAll t -> named("match_all");
            case Term t -> t.field().equals(ID) ? ids(List.of(t.value())) : matchQuery(t.field(), t.value(), null);
            case Phrase t -> t.field().equals(ID) ? ids(List.of(t.value())) : matchQuery(t.field(), t.value(), t.slop());
            case Terms t -> terms(t);
            case Wildcard t -> t.normalized() || isGlob(t.field())
                    ? queryString(t.field(), escape(t.pattern(), "*?"))
                    : onStrings(t.field(), "wildcard", t.pattern());
            case Prefix t -> queryString(t.field(), escape(t.prefix(), "") + "*");
            case Regexp t -> queryString(t.field(), "/" + escapeSlashes(t.regex()) + "/");
            case Fuzzy t -> queryString(t.field(), escape(t.term(), "") + "~" + t.maxEdits());
            case Range t -> range(t);
            case Exists t -> {
                ObjectNode exists = named("exists");
                ((ObjectNode) exists.get("exists")).put("field", t.field());
                yield exists;
            }
            case Bool t -> bool(t);
        };
    }

    private static ObjectNode bool(Bool b) {
        ObjectNode root = named("bool");
        ObjectNode bool = (ObjectNode) root.get("bool");
        addAll(bool.putArray("filter"), b.must());
        addAll(bool.putArray("must_not"), b.mustNot());
        addAll(bool.putArray("should"), b.should());
        if (!b.should().isEmpty()) {
            bool.put("minimum_should_match", 1);
        }
        return root;
    }

    private static void addAll(ArrayNode array, List<QueryTree> clauses) {
        clauses.forEach(c -> array.add(query(c)));
    }

    /** {@code match} (or {@code match_phrase} with a slop) on one field or a glob of fields, lenient about types. */
    private static ObjectNode matchQuery(String field, Object value, Integer slop) {
        ObjectNode root = named("multi_match");
        ObjectNode match = (ObjectNode) root.get("multi_match");
        match.put("query", FieldKind.keyword(value));
        match.putArray("fields").add(field);
        match.put("lenient", true);
        if (slop != null) {
            match.put("type", "phrase");
            match.put("slop", slop);
        }
        return root;
    }

    private static ObjectNode ids(List<Object> values) {
        ObjectNode root = named("ids");
        ArrayNode array = ((ObjectNode) root.get("ids")).putArray("values");
        values.forEach(v -> array.add(FieldKind.keyword(v)));
        return root;
    }

    /** Exact values, never analysed; values the field's kind cannot hold are left out. */
    private static ObjectNode terms(Terms t) {
        if (t.field().equals(ID)) {
            return t.values().isEmpty() ? named("match_none") : ids(t.values());
        }
        FieldKind kind = FieldKind.of(t.field());
        List<String> values = new ArrayList<>();
        for (Object v : t.values()) {
            String readable = termValue(kind, v);
            if (readable != null) {
                values.add(readable);
            }
        }
        if (values.isEmpty()) {
            return named("match_none");
        }
        if (isGlob(t.field())) {
            // terms takes no glob; a query string of quoted values is the nearest (on text it reads them as phrases).
            return queryString(t.field(), String.join(" OR ", values.stream().map(QueryDsl::quote).toList()));
        }
        ObjectNode root = named("terms");
        ArrayNode array = ((ObjectNode) root.get("terms")).putArray(t.field());
        values.forEach(array::add);
        return root;
    }

    /** A term-level value as the field's kind reads it, or null when it cannot be one. */
    private static String termValue(FieldKind kind, Object value) {
        String text = FieldKind.keyword(value);
        return switch (kind) {
            case IP -> IpAddresses.address(text) != null || isCidr(text) ? text : null;
            case DATE -> {
                Long millis = Dates.parse(value);
                yield millis == null ? null : Instant.ofEpochMilli(millis).toString();
            }
            case BOOLEAN -> text.equals("true") || text.equals("false") ? text : null;
            case GEO_POINT -> null;
            case KEYWORD, TEXT -> text;
        };
    }

    private static boolean isCidr(String text) {
        if (text.indexOf('/') < 0) {
            return false;
        }
        try {
            Cidr.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A multi-term query on keyword and text fields; other kinds hold no strings, so it matches nothing there. */
    private static ObjectNode onStrings(String field, String type, String value) {
        FieldKind kind = FieldKind.of(field);
        if (kind != FieldKind.KEYWORD && kind != FieldKind.TEXT) {
            return named("match_none");
        }
        ObjectNode root = named(type);
        ((ObjectNode) root.get(type)).putObject(field).put("value", value);
        return root;
    }

    private static ObjectNode range(Range r) {
        if (isGlob(r.field())) {
            String from = r.from() == null ? "*" : quote(FieldKind.keyword(r.from()));
            String to = r.to() == null ? "*" : quote(FieldKind.keyword(r.to()));
            return queryString(r.field(), (r.includeFrom() ? "[" : "{") + from + " TO " + to + (r.includeTo() ? "]" : "}"));
        }
        FieldKind kind = FieldKind.of(r.field());
        ObjectNode root = named("range");
        ObjectNode bounds = ((ObjectNode) root.get("range")).putObject(r.field());
        if (!bound(bounds, kind, r.includeFrom() ? "gte" : "gt", r.from())
                || !bound(bounds, kind, r.includeTo() ? "lte" : "lt", r.to())) {
            return named("match_none");
        }
        return root;
    }

    /** Puts one end of a range; false when the value cannot be read as the field's kind (the range matches nothing). */
    private static boolean bound(ObjectNode bounds, FieldKind kind, String name, Object value) {
        if (value == null) {
            return true;
        }
        if (kind == FieldKind.KEYWORD) {
            // Numbers keep their type: in a plain index the field may be a long, and the engine reads a keyword's as text.
            switch (value) {
                case Long l -> bounds.put(name, l);
                case Integer i -> bounds.put(name, i);
                case Double d -> bounds.put(name, d);
                case BigDecimal d -> bounds.put(name, d);
                default -> bounds.put(name, FieldKind.keyword(value));
            }
            return true;
        }
        String readable = termValue(kind, value);
        if (readable == null || readable.indexOf('/') >= 0) {
            return false;
        }
        bounds.put(name, readable);
        return true;
    }

    /** Elasticsearch's {@code query_string} on the given field (or glob), reading each field by its type. */
    private static ObjectNode queryString(String field, String query) {
        ObjectNode root = named("query_string");
        ObjectNode qs = (ObjectNode) root.get("query_string");
        qs.put("query", query);
        qs.putArray("fields").add(field);
        qs.put("lenient", true);
        qs.put("allow_leading_wildcard", true);
        qs.put("analyze_wildcard", false);
        return root;
    }

    private static boolean isGlob(String field) {
        return field.indexOf('*') >= 0 || field.indexOf('?') >= 0;
    }

    /** Escapes every character the query syntax treats specially, except those in {@code keep}. */
    static String escape(String text, String keep) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((SPECIAL.indexOf(c) >= 0 || Character.isWhitespace(c)) && keep.indexOf(c) < 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A regular expression between slashes: its unescaped slashes escaped. */
    private static String escapeSlashes(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else {
                out.append(c == '/' ? "\\/" : String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static ObjectNode named(String type) {
        ObjectNode root = Json.object();
        root.putObject(type);
        return root;
    }
}
