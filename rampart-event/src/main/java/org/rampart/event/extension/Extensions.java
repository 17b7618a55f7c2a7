package org.rampart.event.extension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of extensions (Lucene's named services, Graylog's one plugin surface): every kind is looked up here
 * by kind and name. A kind's extensions are those {@link ServiceLoader} finds on the application class path
 * ("bundled") and in the jars of the kind's drop-in folder, {@code <extensions dir>/<kind folder>}; a drop-in replaces a
 * bundled extension of the same name. Each kind is loaded once, on first use; thread-safe.
 */
public final class Extensions {
    /** The origin of an extension found on the application class path. */
    public static final String BUNDLED = "bundled";

    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);
    /** ServiceLoader only promises a best effort to go past a broken entry: bound the retries. */
    private static final int MAX_LOAD_ERRORS = 100;

    private final Path dropIns;
    private final Map<ExtensionKind<?>, List<Registered<?>>> loaded = new ConcurrentHashMap<>();

    private Extensions(Path dropIns) {
        this.dropIns = dropIns;
    }

    /** The bundled extensions plus the drop-in jars under {@code dropIns} (one folder per kind; missing ones are empty). */
    public static Extensions withDropIns(Path dropIns) {
        return new Extensions(dropIns);
    }

    /** The bundled extensions only: what the application class path provides. */
    public static Extensions bundled() {
        return new Extensions(null);
    }

    /** The drop-in folder of {@code kind}, whether or not it exists; empty for {@link #bundled()}. */
    public Optional<Path> folder(ExtensionKind<?> kind) {
        return Optional.ofNullable(dropIns).map(d -> d.resolve(kind.folder()));
    }

    /** Every extension of {@code kind}, by name. */
    @SuppressWarnings("unchecked")
    public <T extends Extension> List<Registered<T>> all(ExtensionKind<T> kind) {
        return (List<Registered<T>>) (List<?>) loaded.computeIfAbsent(kind, this::load);
    }

    /** The extension of {@code kind} named {@code name}, if there is one. */
    public <T extends Extension> Optional<T> find(ExtensionKind<T> kind, String name) {
        return all(kind).stream().filter(r -> r.name().equals(name)).map(Registered::extension).findFirst();
    }

    /**
     * The extension of {@code kind} named {@code name}.
     *
     * @throws IllegalArgumentException naming the kind, the name asked for and the names available, when there is none
     */
    public <T extends Extension> T get(ExtensionKind<T> kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalArgumentException("no " + kind.name() + " named \"" + name
                + "\"; available: " + all(kind).stream().map(Registered::name).toList()
                + folder(kind).map(f -> " (bundled, and drop-in jars in " + f + ")").orElse(" (bundled)")));
    }

    private List<Registered<?>> load(ExtensionKind<?> kind) {
        Map<String, Registered<?>> byName = new LinkedHashMap<>();
        ClassLoader application = Extensions.class.getClassLoader();
        for (Extension e : instances(kind, application, false)) {
            byName.putIfAbsent(e.name(), new Registered<>(e, BUNDLED));
        }
        Optional<Path> folder = folder(kind).filter(Files::isDirectory);
        if (folder.isPresent()) {
            for (Extension e : instances(kind, dropInLoader(kind, folder.get()), true)) {
                if (byName.put(e.name(), new Registered<>(e, jarOf(e))) != null) {
                    LOG.info("drop-in {} {} replaces the bundled one of that name", kind.name(), e.name());
                }
            }
        }
        List<Registered<?>> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(Registered::name));
        return List.copyOf(all);
    }

    /**
     * What {@code loader} provides for {@code kind} ({@code ownOnly}: not what its parents provide); a provider that
     * cannot be loaded (a broken drop-in jar) is logged and skipped rather than stopping every other extension.
     */
    private static List<Extension> instances(ExtensionKind<?> kind, ClassLoader loader, boolean ownOnly) {
        // A no-op on the class path; as a named module, the uses clause the descriptor cannot know at compile time.
        Extensions.class.getModule().addUses(kind.type());
        List<Extension> found = new ArrayList<>();
        Iterator<? extends ServiceLoader.Provider<? extends Extension>> it =
                ServiceLoader.load(kind.type(), loader).stream().iterator();
        for (int errors = 0; errors < MAX_LOAD_ERRORS; ) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                ServiceLoader.Provider<? extends Extension> provider = it.next();
                if (!ownOnly || provider.type().getClassLoader() == loader) {
                    found.add(provider.get());
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                errors++;
                LOG.error("a {} could not be loaded and is left out", kind.name(), e);
            }
        }
        return found;
    }

    private static ClassLoader dropInLoader(ExtensionKind<?> kind, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<URL> jars = new ArrayList<>();
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
            return new URLClassLoader("rampart-" + kind.folder(), jars.toArray(URL[]::new), Extensions.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad jar path in the " + kind.name() + " folder " + folder, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the " + kind.name() + " folder " + folder, e);
        }
    }

    private static String jarOf(Extension extension) {
        CodeSource source = extension.getClass().getProtectionDomain().getCodeSource();
        try {
            return source == null ? "a drop-in jar" : Path.of(source.getLocation().toURI()).getFileName().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return source.getLocation().toString();
        }
    }
}
