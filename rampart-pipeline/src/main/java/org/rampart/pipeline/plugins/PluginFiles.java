package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rampart.event.Json;

/**
 * The configuration and mapping files of the bundled plugins (MozDef's {@code mq/plugins/*.yml|json}): a file of the
 * same name in the configured plugin folder wins over the copy bundled next to these classes.
 */
final class PluginFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private PluginFiles() {}

    /** Reads a YAML file; a missing bundled file is a packaging bug, so it is an {@link IllegalStateException}. */
    static JsonNode yaml(Path configDir, String name) {
        return read(configDir, name, true);
    }

    /** Reads a JSON file, found as {@link #yaml} finds it. */
    static JsonNode json(Path configDir, String name) {
        return read(configDir, name, false);
    }

    /** Reads a text file (MozDef's INI {@code .conf}), found as {@link #yaml} finds it. */
    static String text(Path configDir, String name) {
        try (InputStream in = open(configDir, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin file " + name, e);
        }
    }

    private static JsonNode read(Path configDir, String name, boolean yaml) {
        try (InputStream in = open(configDir, name)) {
            return yaml ? YAML.readTree(in) : Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin file " + name, e);
        }
    }

    private static InputStream open(Path configDir, String name) throws IOException {
        if (configDir != null && Files.isRegularFile(configDir.resolve(name))) {
            return Files.newInputStream(configDir.resolve(name));
        }
        InputStream in = PluginFiles.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("bundled plugin file " + name + " is missing from the class path");
        }
        return in;
    }
}
