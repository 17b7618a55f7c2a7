package org.rampart.web.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.rampart.event.Json;

/**
 * The VERIS taxonomy bundled with MozDef ({@code verisc-enum.json}): what an incident's VERIS classification is checked
 * against, and what the UI's picker shows. A classification is a dotted path ending in one of the enumerated values,
 * e.g. {@code action.hacking.variety.Brute force}.
 */
public final class VerisTaxonomy {
    private static final String RESOURCE = "/veris/verisc-enum.json";

    private final ObjectNode tree;
    private final Set<String> paths;

    private VerisTaxonomy(ObjectNode tree) {
        this.tree = tree;
        this.paths = new HashSet<>();
        collect(tree, "", paths);
    }

    /** The taxonomy bundled in this jar. */
    public static VerisTaxonomy bundled() {
        try (InputStream in = VerisTaxonomy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new VerisTaxonomy((ObjectNode) Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The taxonomy as MozDef ships it: objects down to lists of allowed values. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** True when {@code path} names one of the taxonomy's values. */
    public boolean contains(String path) {
        return paths.contains(path);
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), prefix + e.getKey() + ".", out));
        } else if (node.isArray()) {
            node.forEach(value -> out.add(prefix + value.asText()));
        }
    }
}
