package org.rampart.event.extension;

/**
 * An extension as the registry found it.
 *
 * @param extension the instance (one per registry: a stateful plugin is configured once)
 * @param origin    {@value Extensions#BUNDLED} for the application class path, else the drop-in jar's file name
 */
public record Registered<T extends Extension>(T extension, String origin) {

    /** The extension's name. */
    public String name() {
        return extension.name();
    }
}
