package org.rampart.alerts.rules;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads MozDef's generic alert rules: every {@code *.json} file in a rules folder (MozDef's
 * {@code <alert_data_location>/rules}). A file that does not load is reported and skipped; the others load.
 */
public final class GenericAlertLoader {

    private static final Logger LOG = LoggerFactory.getLogger(GenericAlertLoader.class);
    private static final int MAX_RULES = 10_000;

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

    /** Loads every rule file in the folder; a missing folder holds no rules. */
    public static Rules load(Path rulesFolder) throws IOException {
        List<GenericAlertRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(rulesFolder)) {
            return new Rules(rules, problems);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(rulesFolder, "*.json")) {
            dir.forEach(files::add);
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
