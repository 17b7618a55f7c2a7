package org.rampart.event.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What lives where under the data folder ({@code data.dir}): the one place that spells the layout. Folders that
 * configuration can move elsewhere ({@code extensions.dir}, {@code alerts.rules_dir}, ...) default under the data folder
 * in rampart-defaults.yml and are read from the configuration.
 *
 * @param root       the data folder
 * @param extensions the folder of drop-in extension jars, one sub-folder per kind ({@code extensions.dir})
 */
public record DataLayout(Path root, Path extensions) {
    public DataLayout {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** The layout {@code config} describes: {@code data.dir} and {@code extensions.dir}. */
    public static DataLayout of(RampartConfig config) {
        return new DataLayout(config.path("data.dir"), config.path("extensions.dir"));
    }

    /** Everything under {@code root}, extensions in {@code root/extensions}: for tests and one-off stores. */
    public static DataLayout under(Path root) {
        return new DataLayout(root, root.resolve("extensions"));
    }

    /** The journal's segment files and checkpoint. */
    public Path journal() {
        return root.resolve("journal");
    }

    /** The folder the configured store keeps its data in. */
    public Path store() {
        return root.resolve("store");
    }

    /** The folder of the SQL state database (incidents, users, schedules). */
    public Path state() {
        return root.resolve("state");
    }

    /** The REST API's bearer token file. */
    public Path apiToken() {
        return root.resolve("api-token");
    }

    /** Alert action deliveries that failed for good, one JSON line each. */
    public Path alertDeadLetters() {
        return root.resolve("alerts").resolve("dead-letters.ndjson");
    }
}
