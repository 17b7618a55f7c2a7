package org.rampart.event.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A drop-in extension jar made in a test: Java sources compiled with the real compiler against the jars of some
 * classes, packed with a {@code META-INF/services} file, as a third party would ship it.
 */
public final class DropInJar {
    private DropInJar() {}

    /**
     * Compiles {@code sources} (simple class name to source, all in package {@code example}) and writes {@code jar}
     * with the classes and a service file for {@code service} listing {@code providers} (class names, possibly bad).
     *
     * @param against classes whose jars (or class folders) the sources compile against
     */
    public static Path build(Path jar, Map<String, String> sources, Class<?> service, List<String> providers,
            Class<?>... against) {
        try {
            Path work = Files.createTempDirectory("rampart-dropin");
            List<String> args = new ArrayList<>(List.of("--release", "21", "-cp", Stream.of(against)
                    .map(DropInJar::location).distinct().collect(Collectors.joining(File.pathSeparator)),
                    "-d", work.resolve("classes").toString()));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = Files.createDirectories(work.resolve("src/example")).resolve(source.getKey() + ".java");
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("javac failed with exit code " + rc + " on " + sources.keySet());
            }
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> classes = Files.walk(work.resolve("classes"))) {
                for (Path c : classes.filter(Files::isRegularFile).toList()) {
                    add(out, work.resolve("classes").relativize(c).toString().replace('\\', '/'), Files.readAllBytes(c));
                }
                add(out, "META-INF/services/" + service.getName(),
                        String.join("\n", providers).concat("\n").getBytes(StandardCharsets.UTF_8));
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
