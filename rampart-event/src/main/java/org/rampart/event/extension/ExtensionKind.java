package org.rampart.event.extension;

import java.util.Objects;

/**
 * One way Rampart can be extended: the interface its extensions implement (and register under in
 * {@code META-INF/services}), the name messages use, and the folder of drop-in jars under the extensions folder.
 *
 * @param name   how messages and {@code rampart plugins} name the kind, e.g. {@code event plugin}
 * @param folder the kind's drop-in folder under {@code extensions.dir}, e.g. {@code event-plugins}
 * @param type   the interface
 */
public record ExtensionKind<T extends Extension>(String name, String folder, Class<T> type) {
    public ExtensionKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (folder == null || folder.isBlank() || folder.contains("/") || folder.contains("\\") || folder.startsWith(".")) {
            throw new IllegalArgumentException("extension kind " + name + ": the folder must be one plain folder name, got \""
                    + folder + "\"");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
