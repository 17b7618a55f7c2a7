package org.rampart.alerts.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rampart.alerts.AlertConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads MozDef's generic alert rules: every {@code *.json} file in a rules folder (MozDef's
 * {@code <alert_data_location>/rules}). A file that does not load is reported and skipped; the others load.
 */
public final class GenericAlertLoader {

    private static final Logger LOG = LoggerFactory.getLogger(GenericAlertLoader.class);
    private static final int MAX_RULES = 10_000;
    private static final String CONFIG = "generic_alert_loader.conf";
    private static final String DATA_LOCATION = "alert_data_location";

    /**
     * What a folder held.
     *
     * @param rules the rules that loaded, in file-name order
     * @param problems one line per file that did not load, saying why
     */
    public record Rules(List<GenericAlertRule> rules, List<String> problems) {
        /** The rules to schedule: those not marked streaming. */
        public List<GenericAlert> scheduled() {
            return rules.stream().filter(r -> !r.streaming()).map(GenericAlert::new).toList();
        }

        /** The rules that run on each event. */
        public List<GenericAlertRule> streaming() {
            return rules.stream().filter(GenericAlertRule::streaming).toList();
        }
    }

    private GenericAlertLoader() {}

    /**
     * The rules folder: MozDef's {@code <alert_data_location>/rules} when {@code generic_alert_loader.conf} (in the
     * alert config folder) or the environment variable {@code OPTIONS_ALERT_DATA_LOCATION} sets
     * {@code alert_data_location}; otherwise {@code defaultFolder} (Rampart's {@code alerts.rules_dir}).
     */
    public static Path rulesFolder(AlertConfig config, Path defaultFolder) {
        String location = config.parseConfig(CONFIG, DATA_LOCATION).get(DATA_LOCATION).strip();
        return location.isEmpty() ? defaultFolder : Path.of(location).resolve("rules");
    }

    /** Loads every rule file in the folder; a missing folder holds no rules. */
    public static Rules load(Path rulesFolder) throws IOException {
        List<GenericAlertRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(rulesFolder)) {
            return new Rules(rules, problems);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(rulesFolder, "*.json")) {
            // As MozDef's glob: not recursive, ".json" case-sensitive, hidden files skipped. MozDef's run fails on a
            // folder named *.json; Rampart skips it.
            dir.forEach(file -> {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    files.add(file);
                }
            });
        }
        files.sort(null);
        for (Path file : files.subList(0, Math.min(files.size(), MAX_RULES))) {
            try {
                rules.add(GenericAlertRule.read(file));
            } catch (IOException | RuntimeException e) {
                String problem = file.getFileName() + ": " + e.getMessage();
                LOG.error("generic alert rule not loaded: {}", problem);
                problems.add(problem);
            }
        }
        return new Rules(rules, problems);
    }
}
