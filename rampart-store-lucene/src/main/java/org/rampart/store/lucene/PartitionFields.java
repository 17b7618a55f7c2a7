package org.rampart.store.lucene;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;

/** The event paths a partition's searcher holds, and how each is encoded: what a query can ask of it. */
final class PartitionFields {
    private final NavigableMap<String, Set<Encoding>> byPath = new TreeMap<>();

    PartitionFields(IndexReader reader) {
        for (FieldInfo info : FieldInfos.getMergedFieldInfos(reader)) {
            Encoding encoding = Encoding.of(info.name);
            if (encoding != null) {
                byPath.computeIfAbsent(encoding.path(info.name), p -> EnumSet.noneOf(Encoding.class)).add(encoding);
            }
        }
    }

    Set<Encoding> encodings(String path) {
        return byPath.getOrDefault(path, Set.of());
    }

    /** The Lucene fields holding the value at {@code path} or anything inside it (an object's sub-fields). */
    List<String> fieldsAtOrUnder(String path) {
        List<String> out = new ArrayList<>();
        byPath.getOrDefault(path, Set.of()).forEach(e -> out.add(e.field(path)));
        // Every "path.<anything>": '/' is the character after '.'.
        for (Map.Entry<String, Set<Encoding>> inside : byPath.subMap(path + ".", true, path + "/", false).entrySet()) {
            inside.getValue().forEach(e -> out.add(e.field(inside.getKey())));
        }
        return out;
    }

    /**
     * The paths a query-string field names: all of them for {@code *}, those matching a glob such as
     * {@code details.*}, else the one path.
     */
    List<String> expand(String field) {
        if (field.equals("*")) {
            return sorted(byPath.keySet());
        }
        if (field.indexOf('*') < 0 && field.indexOf('?') < 0) {
            return List.of(field);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : field.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern pattern = Pattern.compile(regex.toString());
        List<String> out = new ArrayList<>();
        for (String path : byPath.keySet()) {
            if (pattern.matcher(path).matches()) {
                out.add(path);
            }
        }
        return sorted(out);
    }

    private static List<String> sorted(java.util.Collection<String> paths) {
        List<String> list = new ArrayList<>(paths);
        Collections.sort(list);
        return list;
    }
}
