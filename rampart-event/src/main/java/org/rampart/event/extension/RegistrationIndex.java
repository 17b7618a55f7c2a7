package org.rampart.event.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registration matcher: a list of {@link Registration}s compiled together, so that one walk of a document tells
 * which of them it matches. This runs on every event for every plugin chain, hence the bit sets and the lookup of a
 * string's term without lower-casing it. Immutable and thread-safe; a {@link Seen} is for one thread.
 */
public final class RegistrationIndex {
    private static final int NON_ASCII = -2;
    private static final int NO_TERM = -1;

    /** Per registration, the bits of its terms in {@link #termIndex}; null for "*". */
    private final long[][] masks;
    private final Map<String, Integer> termIndex = new HashMap<>();
    /**
     * Per position, the lengths of the terms of the registrations from there on: only strings of such a length can
     * match one of them, so most strings are never looked up, and a walk for the last few registrations (the chain
     * walks the event again after each plugin that ran) looks up fewer still. Null at a position when one of those
     * terms is not ASCII: lowercasing can change a string's length, so then every string is a candidate.
     */
    private final boolean[][] lengthsFrom;
    private final int words;
    /** Open-addressing table of the lowercased terms (hash = String.hashCode), for {@link #asciiBit}. */
    private final String[] slots;
    private final int[] slotBits;
    private final int slotMask;

    private RegistrationIndex(List<Registration> registrations) {
        int maxLength = 0;
        for (Registration r : registrations) {
            for (String t : r.terms()) {
                if (!t.equals(Registration.ALL_TERM)) {
                    termIndex.putIfAbsent(t, termIndex.size());
                    maxLength = Math.max(maxLength, t.length());
                }
            }
        }
        lengthsFrom = new boolean[registrations.size() + 1][];
        lengthsFrom[registrations.size()] = new boolean[0];
        for (int p = registrations.size() - 1; p >= 0; p--) {
            boolean[] later = lengthsFrom[p + 1];
            boolean[] lengths = later == null ? null : Arrays.copyOf(later, maxLength + 1);
            for (String t : registrations.get(p).terms()) {
                if (lengths != null && !t.equals(Registration.ALL_TERM)) {
                    if (t.chars().allMatch(ch -> ch < 128)) {
                        lengths[t.length()] = true;
                    } else {
                        lengths = null;
                    }
                }
            }
            lengthsFrom[p] = lengths;
        }
        words = Math.max(1, (termIndex.size() + 63) / 64);
        int size = Integer.highestOneBit(Math.max(4, termIndex.size() * 4) - 1) << 1;
        slots = new String[size];
        slotBits = new int[size];
        slotMask = size - 1;
        termIndex.forEach((term, bit) -> {
            int slot = spread(term.hashCode()) & slotMask;
            while (slots[slot] != null) {
                slot = (slot + 1) & slotMask;
            }
            slots[slot] = term;
            slotBits[slot] = bit;
        });
        masks = new long[registrations.size()][];
        for (int i = 0; i < masks.length; i++) {
            Registration r = registrations.get(i);
            if (r.matchesAll()) {
                continue;
            }
            long[] mask = new long[words];
            for (String term : r.terms()) {
                int bit = termIndex.get(term);
                mask[bit >>> 6] |= 1L << bit;
            }
            masks[i] = mask;
        }
    }

    /** The registrations compiled; {@link Seen#matches} takes a position in this list. */
    public static RegistrationIndex of(List<Registration> registrations) {
        return new RegistrationIndex(registrations);
    }

    /** An empty record of the terms a document holds. */
    public Seen seen() {
        return new Seen();
    }

    /** The terms some documents hold, reused between documents with {@link #clear()}; for one thread. */
    public final class Seen {
        private final long[] present = new long[words];

        private Seen() {}

        /** Forgets every term collected. */
        public void clear() {
            Arrays.fill(present, 0L);
        }

        /** Adds the terms equal to a lowercased key or string value of {@code document}, at any depth. */
        public void collect(JsonNode document) {
            collectFor(document, 0);
        }

        /**
         * As {@link #collect}, but only sure to add the terms of the registrations at {@code position} and later: what
         * {@link #matches} is asked about until the next collect. Cheaper the further on it starts.
         */
        public void collectFor(JsonNode document, int position) {
            RegistrationIndex.this.collect(document, lengthsFrom[position], present);
        }

        /** Whether the registration at {@code position} matches what was collected ("*" always does). */
        public boolean matches(int position) {
            long[] mask = masks[position];
            if (mask == null) {
                return true;
            }
            for (int w = 0; w < mask.length; w++) {
                if ((mask[w] & present[w]) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** True when the registration at {@code position} is "*": the document need not be walked for it. */
    public boolean matchesAll(int position) {
        return masks[position] == null;
    }

    /** Marks the terms found in {@code node}, looking up only strings of the {@code lengths} (all when null). */
    private void collect(JsonNode node, boolean[] lengths, long[] present) {
        // Type tests rather than isObject()/isArray(): this walk runs several times per event.
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                mark(e.getKey(), lengths, present);
                collect(e.getValue(), lengths, present);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0, n = array.size(); i < n; i++) {
                collect(array.get(i), lengths, present);
            }
        } else if (node instanceof TextNode text) {
            mark(text.textValue(), lengths, present);
        }
        // Numbers, booleans and null never match: MozDef compares them as non-strings to string terms.
    }

    private void mark(String token, boolean[] lengths, long[] present) {
        int length = token.length();
        if (lengths != null && (length >= lengths.length || !lengths[length])) {
            return;
        }
        int bit = asciiBit(token);
        if (bit == NON_ASCII) {
            Integer b = termIndex.get(token.toLowerCase(Locale.ROOT));
            bit = b == null ? NO_TERM : b;
        }
        if (bit >= 0) {
            present[bit >>> 6] |= 1L << bit;
        }
    }

    /**
     * The term bit of an ASCII token compared in lower case, without building the lowercased string (this runs
     * for most strings of every event); {@link #NON_ASCII} when the token needs Unicode lowercasing.
     */
    private int asciiBit(String token) {
        int hash = 0;
        int length = token.length();
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c >= 128) {
                return NON_ASCII;
            }
            hash = 31 * hash + lower(c);
        }
        for (int slot = spread(hash) & slotMask; slots[slot] != null; slot = (slot + 1) & slotMask) {
            if (equalsLowered(slots[slot], token)) {
                return slotBits[slot];
            }
        }
        return NO_TERM;
    }

    private static boolean equalsLowered(String term, String token) {
        if (term.length() != token.length()) {
            return false;
        }
        for (int i = 0; i < term.length(); i++) {
            if (term.charAt(i) != lower(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
