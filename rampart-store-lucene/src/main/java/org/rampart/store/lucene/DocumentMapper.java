package org.rampart.store.lucene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.tree.FieldKind;
import org.rampart.query.tree.Dates;

/** Turns a JSON document into a Lucene document under a {@link Mapping}; the JSON itself is stored as bytes. */
final class DocumentMapper {
    static final String ID = "_id";
    static final String SOURCE = "_source";
    /**
     * ES's {@code exists} for values that are present but not indexed (a geo point, an unparseable date or IP, a
     * keyword over ignore_above): one term for the path and each parent object path. Every indexed value has doc
     * values or norms, which {@link QueryTranslator#exists} asks instead, so the common case costs no terms.
     */
    static final String EXISTS = "_exists";

    /** Elasticsearch's {@code index.mapping.depth.limit}; deeper values stay in _source only. */
    static final int MAX_DEPTH = 20;
    /** Indexed values per document; events are attacker-controlled, the rest stays in _source only. */
    static final int MAX_VALUES = 10_000;
    static final int MAX_PATH = 512;
    private static final int MAX_TERM_BYTES = 32_766;

    private final Mapping mapping;
    private final Document doc = new Document();
    private final Set<String> present = new HashSet<>();
    private int values;

    private DocumentMapper(Mapping mapping) {
        this.mapping = mapping;
    }

    static Document toDocument(String id, byte[] source, ObjectNode json, Mapping mapping) {
        DocumentMapper mapper = new DocumentMapper(mapping);
        mapper.doc.add(new StringField(ID, id, Field.Store.YES));
        mapper.doc.add(new StoredField(SOURCE, source));
        mapper.object(FieldPath.ROOT, json, 0);
        for (String path : mapper.present) {
            mapper.doc.add(new StringField(EXISTS, path, Field.Store.NO));
        }
        return mapper.doc;
    }

    private void object(FieldPath parent, JsonNode node, int depth) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            value(parent.child(field.getKey()), field.getValue(), depth + 1);
        }
    }

    private void value(FieldPath path, JsonNode node, int depth) {
        if (depth > MAX_DEPTH || path.path.length() > MAX_PATH || values >= MAX_VALUES) {
            return;
        }
        if (node.isObject()) {
            if (mapping.kind(path.path) == FieldKind.GEO_POINT) {
                markPresent(path.path);
            } else {
                object(path, node, depth);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                value(path, element, depth + 1);
            }
        } else if (!node.isNull() && !node.isMissingNode()) {
            values++;
            leaf(path, node);
        }
    }

    private void leaf(FieldPath path, JsonNode node) {
        if (!indexed(path, node)) {
            markPresent(path.path);
        }
    }

    /** Writes the value's encodings; false when none could be (the value is then only in _source). */
    private boolean indexed(FieldPath path, JsonNode node) {
        FieldKind kind = mapping.kind(path.path);
        if (kind == null) {
            return dynamic(path, node);
        }
        switch (kind) {
            case GEO_POINT -> {
                return false;
            }
            case TEXT -> {
                doc.add(new TextField(path.field(Encoding.TEXT), FieldKind.keyword(node), Field.Store.NO));
                return true;
            }
            case IP -> {
                InetAddress address = node.isTextual() ? IpAddresses.address(node.textValue()) : null;
                if (address == null) {
                    return false;
                }
                String field = path.field(Encoding.IP);
                doc.add(new InetAddressPoint(field, address));
                doc.add(new SortedSetDocValuesField(field, new BytesRef(InetAddressPoint.encode(address))));
                return true;
            }
            case BOOLEAN -> {
                String b = bool(node);
                return b != null && keyword(path, b, FieldKind.IGNORE_ABOVE);
            }
            case DATE -> {
                Long millis = node.isTextual() ? Dates.parse(node.textValue())
                        : node.isIntegralNumber() && node.canConvertToLong() ? (Long) node.longValue() : null;
                if (millis == null) {
                    return false;
                }
                date(path, millis);
                return true;
            }
            case KEYWORD -> {
                return keyword(path, FieldKind.keyword(node), FieldKind.IGNORE_ABOVE);
            }
        }
        throw new IllegalStateException("unhandled kind " + kind);
    }

    /** Elasticsearch's dynamic mapping, for plain indices: the value's JSON type decides. */
    private boolean dynamic(FieldPath path, JsonNode node) {
        if (node.isBoolean()) {
            return keyword(path, node.asText(), FieldKind.IGNORE_ABOVE);
        }
        if (node.isTextual()) {
            String text = node.textValue();
            Long millis = Dates.detectable(text) ? Dates.parse(text) : null;
            if (millis != null) {
                date(path, millis);
            } else {
                doc.add(new TextField(path.field(Encoding.TEXT), text, Field.Store.NO));
                keyword(path.keyword(), text, Mapping.DYNAMIC_IGNORE_ABOVE);
            }
            return true;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long v = node.longValue();
            doc.add(new LongField(path.field(Encoding.LONG), v, Field.Store.NO));
            return true;
        }
        if (node.isNumber()) {
            double v = node.doubleValue();
            doc.add(new DoubleField(path.field(Encoding.DOUBLE), v, Field.Store.NO));
            return true;
        }
        return false;
    }

    private void date(FieldPath path, long millis) {
        doc.add(new LongField(path.field(Encoding.DATE), millis, Field.Store.NO));
    }

    private boolean keyword(FieldPath path, String value, int ignoreAbove) {
        if (value.length() > ignoreAbove) {
            return false;
        }
        BytesRef bytes = new BytesRef(value);
        if (bytes.length > MAX_TERM_BYTES) {
            return false;
        }
        doc.add(new KeywordField(path.field(Encoding.KEYWORD), bytes, Field.Store.NO));
        return true;
    }

    private void markPresent(String path) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            present.add(path.substring(0, dot));
        }
        present.add(path);
    }

    private static String bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return node.textValue();
        }
        return null;
    }
}
