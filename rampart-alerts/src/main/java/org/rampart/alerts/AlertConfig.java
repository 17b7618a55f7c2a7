package org.rampart.alerts;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.rampart.event.Json;

/**
 * Reads an alert's own configuration files as MozDef's {@code parse_config} / {@code parse_json_alert_config}
 * do: a file in the configured directory wins over the bundled resource {@code /alerts/<file>}, and for INI
 * files an environment variable {@code OPTIONS_<KEY>} wins over both.
 */
public final class AlertConfig {
    private static final String BUNDLED = "/alerts/";
    // MozDef's geomodel config is hjson with // comments; JSON comments cover what the bundled files use.
    private static final ObjectReader LENIENT_JSON = Json.MAPPER.reader()
            .with(JsonReadFeature.ALLOW_JAVA_COMMENTS).with(JsonReadFeature.ALLOW_TRAILING_COMMA);

    private final Path directory;
    private final UnaryOperator<String> environment;

    /**
     * @param directory   where operators put overriding files; null for bundled files only
     * @param environment looks up environment variables (System::getenv in production)
     */
    public AlertConfig(Path directory, UnaryOperator<String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    /** Bundled files and the process environment. */
    public static AlertConfig bundled() {
        return new AlertConfig(null, System::getenv);
    }

    /** MozDef's parse_config: the {@code [options]} values of the keys, as strings; a missing key reads "". */
    public Map<String, String> parseConfig(String file, String... keys) {
        Map<String, String> options = text(file).map(AlertConfig::parseIniOptions).orElse(Map.of());
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            String fromEnv = environment.apply("OPTIONS_" + key.toUpperCase(java.util.Locale.ROOT));
            values.put(key, fromEnv != null ? fromEnv : options.getOrDefault(key, ""));
        }
        return values;
    }

    /** MozDef's parse_json_alert_config: the parsed JSON document. */
    public JsonNode parseJsonAlertConfig(String file) {
        String content = text(file).orElseThrow(() -> new IllegalStateException(
                "alert config " + file + " not found in " + (directory == null ? "" : directory + " or ")
                        + "the bundled alert configs; put it in the alert config directory"));
        try {
            return LENIENT_JSON.readTree(content);
        } catch (IOException e) {
            throw new IllegalStateException("alert config " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private Optional<String> text(String file) {
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("alert config names are plain file names, got " + file);
        }
        try {
            if (directory != null) {
                Path candidate = directory.resolve(file);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(Files.readString(candidate, StandardCharsets.UTF_8));
                }
            }
            try (InputStream in = AlertConfig.class.getResourceAsStream(BUNDLED + file)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alert config " + file, e);
        }
    }

    /** The {@code [options]} section with configobj's value rules (quotes, comma lists, inline comments). */
    static Map<String, String> parseIniOptions(String content) {
        Map<String, String> options = new LinkedHashMap<>();
        boolean inOptions = false;
        for (String raw : content.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                inOptions = line.equals("[options]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!inOptions || eq < 0) {
                continue;
            }
            options.put(line.substring(0, eq).strip(), iniValue(line.substring(eq + 1)));
        }
        return options;
    }

    private static String iniValue(String raw) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean list = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if ((c == '\'' || c == '"') && current.toString().isBlank()) {
                current.setLength(0);
                quote = c;
            } else if (c == '#') {
                break;
            } else if (c == ',') {
                list = true;
                items.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        String last = current.toString().strip();
        if (!list) {
            return last;
        }
        if (!last.isEmpty()) {
            items.add(last);
        }
        return String.join(",", items);
    }
}
