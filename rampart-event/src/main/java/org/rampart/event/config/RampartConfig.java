package org.rampart.event.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rampart's configuration: bundled defaults, overridden by one YAML file, overridden by environment variables.
 *
 * <p>Nested YAML maps are flattened to dotted keys ({@code intake: {port: 8080}} is {@code intake.port}). Every key
 * can be overridden by the environment variable {@code RAMPART_} + the key upper-cased with {@code .} and {@code -}
 * turned into {@code _} ({@code intake.port} → {@code RAMPART_INTAKE_PORT}). Look-up goes from the key to the
 * variable name, never back, so MozDef's underscore names ({@code bulk_amount}) work too. A value may reference
 * another key as {@code ${other.key}} (the defaults put {@code extensions.dir} under {@code ${data.dir}}).
 *
 * <p>Only keys present in the defaults or the file exist: asking for any other key is an
 * {@link IllegalArgumentException}, so a typo fails at start-up instead of silently using nothing. Instances are
 * immutable.
 */
public final class RampartConfig {
    static final String DEFAULTS_RESOURCE = "org/rampart/event/config/rampart-defaults.yml";
    private static final String ENV_PREFIX = "RAMPART_";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kKMGT]i?B|[kKMGT]|B)?");
    /**
     * A secret's key: a segment ending in token(s), password or secret, e.g. {@code intake.tokens.cloudtrail}, or
     * AWS's {@code secret_access_key}.
     */
    private static final Pattern SECRET_KEY = Pattern.compile("(tokens?|password|secret|secret_access_key)(\\.|$)",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_REFERENCE_DEPTH = 10;
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Values are a {@code String} or a {@code List<String>}. */
    private final Map<String, Object> values;

    private RampartConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Loads the bundled defaults, then {@code fileOrNull} (if not null) over them, then {@code env} over both.
     *
     * @throws IllegalArgumentException if the file is missing, is not YAML, or is not a map at its top
     */
    public static RampartConfig load(Path fileOrNull, Map<String, String> env) {
        Map<String, Object> merged = new LinkedHashMap<>();
        try (InputStream in = RampartConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled configuration defaults missing: " + DEFAULTS_RESOURCE);
            }
            flatten("", parse(in, DEFAULTS_RESOURCE), merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fileOrNull != null) {
            if (!Files.isRegularFile(fileOrNull)) {
                throw new IllegalArgumentException("configuration file not found: " + fileOrNull.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(fileOrNull)) {
                flatten("", parse(in, fileOrNull.toString()), merged);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + fileOrNull, e);
            }
        }
        for (Map.Entry<String, Object> entry : merged.entrySet()) {
            String fromEnv = env.get(envName(entry.getKey()));
            if (fromEnv != null) {
                entry.setValue(fromEnv);
            }
        }
        return new RampartConfig(merged);
    }

    /** The environment variable that overrides {@code key}: {@code intake.port} → {@code RAMPART_INTAKE_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * A copy with {@code overrides} replacing values (tests use it to set ports and the data folder).
     *
     * @throws IllegalArgumentException if an override names a key that does not exist
     */
    public RampartConfig with(Map<String, String> overrides) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        overrides.forEach((key, value) -> {
            raw(key);
            copy.put(key, value);
        });
        return new RampartConfig(copy);
    }

    /** True when {@code key} exists (in the defaults or the file). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value as text, with {@code ${key}} references resolved; a list is joined with commas. */
    public String string(String key) {
        Object value = raw(key);
        String text = value instanceof List<?> list ? String.join(",", stringList(list)) : (String) value;
        return resolve(key, text, 0);
    }

    /** The value as an {@code int}. */
    public int integer(String key) {
        String text = string(key).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(key, text, "an integer");
        }
    }

    /** The value as an {@code int}, or {@code whenEmpty} when the value is empty. */
    public int integer(String key, int whenEmpty) {
        return string(key).isBlank() ? whenEmpty : integer(key);
    }

    /** The value as a {@code long}. */
    public long longValue(String key) {
        String text = string(key).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(key, text, "an integer");
        }
    }

    /** The value as a boolean: {@code true/false}, {@code yes/no}, {@code on/off} or {@code 1/0}. */
    public boolean bool(String key) {
        String text = string(key).trim();
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, text, "a boolean (true/false)");
        };
    }

    /** The value as a duration: a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
    public Duration duration(String key) {
        String text = string(key).trim();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw bad(key, text, "a duration such as 500ms, 5s, 10m, 1h or 7d");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(key, text, "a duration that fits in a long");
        }
    }

    /** The value as a duration, or {@code whenEmpty} when it is empty. */
    public Duration duration(String key, Duration whenEmpty) {
        return string(key).isBlank() ? whenEmpty : duration(key);
    }

    /**
     * The value as a number of bytes: plain bytes, or a number with {@code KiB}/{@code MiB}/{@code GiB}/{@code TiB}
     * (powers of 1024; {@code K}, {@code M}, {@code G}, {@code T} mean the same) or {@code kB}/{@code KB}/{@code MB}/
     * {@code GB}/{@code TB} (powers of 1000).
     */
    public long size(String key) {
        String text = string(key).trim();
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw bad(key, text, "a size such as 1048576, 512KiB, 10MiB or 1GiB");
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        long multiplier = switch (unit) {
            case "B" -> 1L;
            case "KiB", "K", "k" -> 1L << 10;
            case "MiB", "M" -> 1L << 20;
            case "GiB", "G" -> 1L << 30;
            case "TiB", "T" -> 1L << 40;
            case "KB", "kB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> throw bad(key, text, "a size unit B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(key, text, "a size that fits in a long");
        }
    }

    /** The value as a list: a YAML list, or a comma-separated string (blank items dropped, items trimmed). */
    public List<String> list(String key) {
        Object value = raw(key);
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (String item : stringList(list)) {
                items.add(resolve(key, item, 0));
            }
        } else {
            for (String item : resolve(key, (String) value, 0).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return List.copyOf(items);
    }

    /**
     * The keys one level under {@code key} with their values, e.g. {@code intake.tokens: {cloudtrail: x}} gives
     * {@code {cloudtrail=x}}; empty when {@code key} holds an empty map or a blank value.
     *
     * @throws IllegalArgumentException if {@code key} holds a non-blank value rather than a map
     */
    public Map<String, String> map(String key) {
        String prefix = key + ".";
        Map<String, String> entries = new LinkedHashMap<>();
        values.keySet().stream().filter(k -> k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0)
                .forEach(k -> entries.put(k.substring(prefix.length()), string(k)));
        Object own = values.get(key);
        if (own != null && !(own instanceof String text && text.isBlank())) {
            throw bad(key, String.valueOf(own), "a map of names to values");
        }
        return Collections.unmodifiableMap(entries);
    }

    /**
     * The names one level under {@code key} that hold keys of their own, in file order, e.g. {@code sqs.inputs:
     * {cloudtrail: {kind: cloudtrail}}} gives {@code [cloudtrail]}; empty when there are none.
     */
    public List<String> sections(String key) {
        String prefix = key + ".";
        return values.keySet().stream().filter(k -> k.startsWith(prefix) && k.indexOf('.', prefix.length()) > 0)
                .map(k -> k.substring(prefix.length(), k.indexOf('.', prefix.length()))).distinct().toList();
    }

    /**
     * The value as a path; a relative path is relative to the working directory (use {@code ${data.dir}/...} in a
     * value to put it under the data folder).
     *
     * @throws IllegalArgumentException if the value is empty
     */
    public Path path(String key) {
        String text = string(key).trim();
        if (text.isEmpty()) {
            throw bad(key, text, "a path (it is empty)");
        }
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw bad(key, text, "a valid path");
        }
    }

    /** {@code mozdef.hostname}, or this machine's host name when it is empty (MozDef's {@code mozdefhostname}). */
    public String mozdefHostname() {
        String configured = string("mozdef.hostname").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** {@code timezone}, the zone of timestamps that carry none; the system's zone when it is empty. */
    public ZoneId zone() {
        String configured = string("timezone").trim();
        if (configured.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(configured);
        } catch (DateTimeException e) {
            throw bad("timezone", configured, "a time zone id such as UTC or Europe/Berlin");
        }
    }

    /** {@code geoip.dir}, or else the system property {@code rampart.geoip.dir}; empty when neither is set. */
    public Optional<Path> geoipDir() {
        String configured = string("geoip.dir").trim();
        if (!configured.isEmpty()) {
            return Optional.of(path("geoip.dir"));
        }
        String fromBuild = System.getProperty("rampart.geoip.dir", "").trim();
        return fromBuild.isEmpty() ? Optional.empty() : Optional.of(Path.of(fromBuild));
    }

    /** All keys and values, with the values of secrets (keys ending in token, password or secret) masked. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "RampartConfig{", "}");
        values.forEach((key, value) -> {
            boolean secret = SECRET_KEY.matcher(key).find() && !"".equals(value);
            out.add(key + "=" + (secret ? "****" : value));
        });
        return out.toString();
    }

    private Object raw(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown configuration key '" + key
                    + "': it is neither in the bundled defaults nor in the configuration file");
        }
        return value;
    }

    private String resolve(String key, String text, int depth) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        if (depth >= MAX_REFERENCE_DEPTH) {
            throw new IllegalArgumentException("configuration key '" + key + "': references nest more than "
                    + MAX_REFERENCE_DEPTH + " deep (a cycle?) in '" + text + "'");
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String referenced = m.group(1);
            if (!values.containsKey(referenced)) {
                throw new IllegalArgumentException("configuration key '" + key + "' references unknown key '"
                        + referenced + "' in '" + text + "'");
            }
            Object target = values.get(referenced);
            String targetText = target instanceof List<?> list ? String.join(",", stringList(list)) : (String) target;
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(referenced, targetText, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("configuration key '" + key + "' (environment variable " + envName(key)
                + "): expected " + expected + ", got '" + value + "'");
    }

    private static List<String> stringList(List<?> list) {
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static JsonNode parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("configuration " + source + " is not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("configuration " + source + " must be a map of keys at its top level");
        }
        return root;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                flatten(key + ".", value, into);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
                into.put(key, List.copyOf(items));
            } else if (value.isNull() || value.isObject()) {
                into.put(key, "");
            } else {
                into.put(key, value.asText());
            }
        }
    }
}
