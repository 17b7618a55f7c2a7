package org.rampart.event.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.testing.DropInJar;

/** Extensions are found by kind and name, on the class path and in the kind's drop-in folder of jars. */
class ExtensionsTest {
    @TempDir
    Path dir;

    private static String greeter(String className, String name, String greeting) {
        return """
                package example;
                public class %s implements org.rampart.event.extension.Greeter {
                    public String name() { return "%s"; }
                    public String greet() { return "%s"; }
                }
                """.formatted(className, name, greeting);
    }

    @Test
    void bundledExtensionsAreFoundByName() {
        Extensions extensions = Extensions.bundled();
        assertThat(extensions.all(Greeter.KIND)).extracting(Registered::name, Registered::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hello", "bundled"),
                        org.assertj.core.groups.Tuple.tuple("salut", "bundled"));
        assertThat(extensions.get(Greeter.KIND, "hello").greet()).isEqualTo("hello from the class path");
        assertThat(extensions.folder(Greeter.KIND)).isEmpty();
    }

    @Test
    void aDropInJarAddsExtensionsAndReplacesABundledOneOfTheSameName() {
        DropInJar.build(dir.resolve("greeters/more.jar"), Map.of(
                        "Hola", greeter("Hola", "hola", "hola"),
                        "Hello", greeter("Hello", "hello", "hello from a jar")),
                Greeter.class, List.of("example.Hola", "example.Hello"), Greeter.class, Extension.class);

        Extensions extensions = Extensions.withDropIns(dir);
        assertThat(extensions.all(Greeter.KIND)).extracting(Registered::name, Registered::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hello", "more.jar"),
                        org.assertj.core.groups.Tuple.tuple("hola", "more.jar"),
                        org.assertj.core.groups.Tuple.tuple("salut", "bundled"));
        assertThat(extensions.get(Greeter.KIND, "hello").greet()).isEqualTo("hello from a jar");
        assertThat(extensions.folder(Greeter.KIND)).contains(dir.resolve("greeters"));
    }

    @Test
    void aBrokenProviderInAJarLeavesTheOthersLoaded() {
        DropInJar.build(dir.resolve("greeters/broken.jar"), Map.of("Hola", greeter("Hola", "hola", "hola")),
                Greeter.class, List.of("example.Missing", "example.Hola"), Greeter.class, Extension.class);

        assertThat(Extensions.withDropIns(dir).all(Greeter.KIND)).extracting(Registered::name)
                .containsExactly("hello", "hola", "salut");
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheKindTheNameAndWhatIsAvailable() throws Exception {
        Files.createDirectories(dir.resolve("greeters"));
        assertThatThrownBy(() -> Extensions.withDropIns(dir).get(Greeter.KIND, "bonjour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no greeter named \"bonjour\"")
                .hasMessageContaining("[hello, salut]")
                .hasMessageContaining(dir.resolve("greeters").toString());
    }

    @Test
    void aMissingFolderMeansBundledOnly() {
        assertThat(Extensions.withDropIns(dir.resolve("absent")).all(Greeter.KIND)).extracting(Registered::name)
                .containsExactly("hello", "salut");
    }

    @Test
    void aKindFolderMustBeOnePlainName() {
        assertThatThrownBy(() -> new ExtensionKind<>("greeter", "../elsewhere", Greeter.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one plain folder name");
    }
}
