package org.rampart.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AlertLibraryTest {

    @Test
    void findsAlertsByClassnameAndByScheduleKey() {
        assertThat(AlertLibrary.create("AlertBruteforceSsh")).get().extracting(AlertTask::classname).isEqualTo("AlertBruteforceSsh");
        assertThat(AlertLibrary.create("deadman.broNSM")).get().extracting(AlertTask::classname).isEqualTo("broNSM");
        assertThat(AlertLibrary.create("NoSuchAlert")).isEmpty();
        assertThat(AlertLibrary.create("ldapAdd").orElseThrow()).isNotSameAs(AlertLibrary.create("ldapAdd").orElseThrow());
    }

    @Test
    void everyBundledAlertIsScheduledAndEveryScheduleNamesABundledAlert() throws IOException {
        String yaml;
        try (InputStream in = AlertLibrary.class.getResourceAsStream("/alerts/alerts.yml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher entries = Pattern.compile("(?m)^  ([\\w.]+): \"([^\"]+)\"$").matcher(yaml);
        List<String> scheduled = entries.results().map(m -> m.group(1).substring(m.group(1).indexOf('.') + 1)).sorted().toList();
        assertThat(scheduled).containsExactlyElementsOf(AlertLibrary.classnames());
    }
}
