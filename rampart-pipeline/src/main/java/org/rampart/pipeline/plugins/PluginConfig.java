package org.rampart.pipeline.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rampart.pipeline.PluginContext;

/**
 * A plugin's MozDef configuration file: from {@link PluginContext#configDir()} when it is there, else the copy
 * bundled next to the plugins on the class path.
 */
final class PluginConfig {
    private PluginConfig() {}

    /** The text of {@code fileName}; an IllegalStateException when neither the folder nor the bundle has it. */
    static String text(PluginContext context, String fileName) {
        try {
            Path dir = context == null ? null : context.configDir();
            if (dir != null && Files.isRegularFile(dir.resolve(fileName))) {
                return Files.readString(dir.resolve(fileName), StandardCharsets.UTF_8);
            }
            try (InputStream in = PluginConfig.class.getResourceAsStream(fileName)) {
                if (in == null) {
                    throw new IllegalStateException("plugin configuration " + fileName + " is neither in "
                            + dir + " nor bundled");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin configuration " + fileName, e);
        }
    }

    /** The {@code key=value} options of one section of an INI file (MozDef's .conf), keys lowercased. */
    static Map<String, String> iniSection(String text, String section) {
        Map<String, String> options = new LinkedHashMap<>();
        String current = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (section.equals(current) && sep > 0) {
                options.put(line.substring(0, sep).strip().toLowerCase(Locale.ROOT), line.substring(sep + 1).strip());
            }
        }
        return options;
    }
}
