package org.rampart.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's plugin dispatch (mq/lib/plugins.py): plugins run in ascending priority (ties by name, as MozDef's
 * module listing ordered them) when one of their registration terms equals a lowercased key or string value
 * anywhere in the event. Thread-safe when the plugins are; one chain serves every worker.
 */
public final class PluginChain {
    private static final Logger LOG = LoggerFactory.getLogger(PluginChain.class);
    private static final String ALL = "*";
    private static final int NON_ASCII = -2;
    private static final int NO_TERM = -1;
    private static final int MAX_LOAD_ERRORS = 100;

    private final EventPlugin[] plugins;
    /** Per plugin, the bits of its registration terms in {@link #termIndex}; null for "*". */
    private final long[][] masks;
    private final Map<String, Integer> termIndex = new HashMap<>();
    /** Only strings whose length is that of some term can match: most strings are never lowercased. */
    private final boolean[] termLength;
    private final boolean anyLength;
    private final int words;
    /** Open-addressing table of the lowercased terms (hash = String.hashCode), for {@link #asciiBit}. */
    private final String[] slots;
    private final int[] slotBits;
    private final int slotMask;
    private final LongAdder failures = new LongAdder();

    private PluginChain(List<EventPlugin> sorted) {
        plugins = sorted.toArray(EventPlugin[]::new);
        masks = new long[plugins.length][];
        int maxLength = 0;
        boolean nonAscii = false;
        for (EventPlugin p : plugins) {
            for (String term : p.registration()) {
                String t = term.toLowerCase(Locale.ROOT);
                if (!t.equals(ALL)) {
                    termIndex.putIfAbsent(t, termIndex.size());
                    maxLength = Math.max(maxLength, t.length());
                    nonAscii |= !t.chars().allMatch(ch -> ch < 128);
                }
            }
        }
        // Lowercasing a non-ASCII string can change its length, so then every string is a candidate.
        anyLength = nonAscii;
        termLength = new boolean[maxLength + 1];
        termIndex.keySet().forEach(t -> termLength[t.length()] = true);
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
        for (int i = 0; i < plugins.length; i++) {
            List<String> registration = plugins[i].registration();
            if (registration.contains(ALL)) {
                continue;
            }
            long[] mask = new long[words];
            for (String term : registration) {
                int bit = termIndex.get(term.toLowerCase(Locale.ROOT));
                mask[bit >>> 6] |= 1L << bit;
            }
            masks[i] = mask;
        }
    }

    /** A chain of plugins that are already configured, ordered by priority then name. */
    public static PluginChain of(Collection<? extends EventPlugin> plugins) {
        List<EventPlugin> sorted = new ArrayList<>(plugins);
        sorted.sort(Comparator.comparingInt(EventPlugin::priority).thenComparing(EventPlugin::name));
        return new PluginChain(sorted);
    }

    /**
     * Loads the plugins on the class path and those in every jar of {@code dropInDir} (a drop-in plugin replaces
     * a bundled one of the same name), leaves out the {@code disabled} names and configures the rest.
     * A plugin whose configuration fails is left out and logged.
     */
    public static PluginChain load(PluginContext context, Path dropInDir, Set<String> disabled) {
        Map<String, EventPlugin> byName = new LinkedHashMap<>();
        for (EventPlugin p : instances(PluginChain.class.getClassLoader(), false)) {
            byName.putIfAbsent(p.name(), p);
        }
        if (dropInDir != null && Files.isDirectory(dropInDir)) {
            for (EventPlugin p : instances(dropInLoader(dropInDir), true)) {
                if (byName.put(p.name(), p) != null) {
                    LOG.info("drop-in plugin {} replaces the bundled plugin of that name", p.name());
                }
            }
        }
        List<EventPlugin> enabled = new ArrayList<>();
        for (EventPlugin p : byName.values()) {
            if (disabled.contains(p.name())) {
                continue;
            }
            try {
                if (p.registration() == null) {
                    throw new IllegalStateException("its registration() is null; return a list of terms, or \"*\"");
                }
                p.configure(context);
                enabled.add(p);
            } catch (RuntimeException e) {
                LOG.error("plugin {} left out: its configuration failed", p.name(), e);
            }
        }
        return of(enabled);
    }

    /**
     * The plugins {@code loader} provides ({@code ownOnly}: not those of its parents); a provider that cannot be
     * loaded (a broken drop-in jar) is logged and skipped rather than stopping every other plugin.
     */
    private static List<EventPlugin> instances(ClassLoader loader, boolean ownOnly) {
        List<EventPlugin> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<EventPlugin>> it = ServiceLoader.load(EventPlugin.class, loader).stream()
                .iterator();
        // ServiceLoader only promises a best effort to go past a broken entry: bound the retries.
        for (int errors = 0; errors < MAX_LOAD_ERRORS; ) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                ServiceLoader.Provider<EventPlugin> provider = it.next();
                if (!ownOnly || provider.type().getClassLoader() == loader) {
                    found.add(provider.get());
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                errors++;
                LOG.error("a plugin could not be loaded and is left out", e);
            }
        }
        return found;
    }

    private static ClassLoader dropInLoader(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<URL> jars = new ArrayList<>();
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
            return new URLClassLoader("rampart-plugins", jars.toArray(URL[]::new), PluginChain.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin jar path in " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugin folder " + dir, e);
        }
    }

    /**
     * Runs the event through the matching plugins; returns the resulting event, or null when a plugin dropped it.
     * A plugin that throws is logged and counted, and the event goes on as it was before that plugin.
     *
     * <p>Plugins change the event in place, so "as it was" needs a copy. Rather than one copy before every plugin,
     * the chain copies the event once, before the first plugin runs, and on a failure replays the chain from that
     * copy without the failed plugin: the plugins before it are deterministic functions of the event, and a
     * failure is rare while every event pays for copies. (A plugin with an outside effect, such as triage_bot's
     * REST call, makes that call again on a replay.)
     */
    public ObjectNode process(ObjectNode event, EventMetadata metadata) {
        ObjectNode original = null;
        String index = metadata.index();
        String id = metadata.id();
        String docType = metadata.docType();
        boolean[] failed = null;
        long[] present = new long[words];
        int[] ran = new int[plugins.length];
        int ranCount = 0;
        boolean stale = true;
        for (int i = 0; i < plugins.length; i++) {
            if (failed != null && failed[i]) {
                continue;
            }
            long[] mask = masks[i];
            if (mask != null) {
                if (stale) {
                    Arrays.fill(present, 0L);
                    collect(event, present);
                    stale = false;
                }
                if (!intersects(mask, present)) {
                    continue;
                }
            }
            if (original == null) {
                original = event.deepCopy();
            }
            ObjectNode out;
            try {
                out = plugins[i].onMessage(event, metadata);
            } catch (RuntimeException | StackOverflowError e) {
                failures.increment();
                LOG.error("plugin {} failed; the event goes on without it", plugins[i].name(), e);
                if (failed == null) {
                    failed = new boolean[plugins.length];
                }
                failed[i] = true;
                event = original.deepCopy();
                metadata.index(index);
                metadata.id(id);
                metadata.docType(docType);
                ranCount = 0;
                stale = true;
                i = -1;
                continue;
            }
            if (out == null) {
                return null;
            }
            event = out;
            stale = true;
            ran[ranCount++] = i;
        }
        if (!event.has("mozdef")) {
            ArrayNode names = event.putObject("mozdef").putArray("plugins");
            for (int r = 0; r < ranCount; r++) {
                names.add(plugins[ran[r]].name());
            }
        }
        return event;
    }

    private static boolean intersects(long[] mask, long[] present) {
        for (int w = 0; w < mask.length; w++) {
            if ((mask[w] & present[w]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Sets the bit of every registration term equal to a lowercased key or string value, at any depth. */
    private void collect(JsonNode node, long[] present) {
        // Type tests rather than isObject()/isArray(): this walk runs several times per event.
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                mark(e.getKey(), present);
                collect(e.getValue(), present);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0, n = array.size(); i < n; i++) {
                collect(array.get(i), present);
            }
        } else if (node instanceof TextNode text) {
            mark(text.textValue(), present);
        }
        // Numbers, booleans and null never match: MozDef compares them as non-strings to string terms.
    }

    private void mark(String token, long[] present) {
        int length = token.length();
        if (!anyLength && (length >= termLength.length || !termLength[length])) {
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

    /** The plugins in the order they run. */
    public List<EventPlugin> plugins() {
        return List.of(plugins);
    }

    /** How many plugin calls have thrown since this chain was made. */
    public long failures() {
        return failures.sum();
    }
}
