package org.rampart.alerts.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code alerts.yml}, the equivalent of MozDef's celery {@code ALERTS} dict: alert name to crontab.
 *
 * <pre>
 * alerts:
 *   bruteforce_ssh.AlertBruteforceSsh: "*&#47;1 * * * *"
 *   deadman.broNSM: {schedule: "*&#47;20 * * * *"}   # MozDef's {'schedule': crontab(...)} shape also works
 * </pre>
 * The top-level {@code alerts:} key may be left out.
 */
public final class ScheduleFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScheduleFile() {}

    /** Reads the schedules from a YAML file, in file order; every crontab is validated. */
    public static Map<String, String> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads the schedules from YAML, in document order; every crontab is validated. */
    public static Map<String, String> read(InputStream yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        Map<String, String> schedules = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return schedules;
        }
        JsonNode alerts = root.has("alerts") ? root.get("alerts") : root;
        if (!alerts.isObject()) {
            throw new IllegalArgumentException("alerts.yml: expected a map of alert name to crontab schedule");
        }
        for (var entry : alerts.properties()) {
            JsonNode value = entry.getValue();
            JsonNode cron = value.isObject() ? value.get("schedule") : value;
            if (cron == null || !cron.isTextual()) {
                throw new IllegalArgumentException("alerts.yml: " + entry.getKey()
                        + " needs a crontab string, e.g. \"*/1 * * * *\" or {schedule: \"*/1 * * * *\"}");
            }
            schedules.put(entry.getKey(), CronSchedule.parse(cron.asText()).expression());
        }
        return schedules;
    }
}
