package org.rampart.alerts.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;

/** A parsed UNIX crontab expression, evaluated in UTC like MozDef's celery beat (also the lifecycle jobs' schedule). */
public record CronSchedule(String expression, ExecutionTime executionTime) {

    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Parses five-field crontab syntax ({@code *}{@code /5 * * * *}); rejects anything else with the reason. */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty crontab schedule: give five fields, e.g. \"*/1 * * * *\"");
        }
        if (expression.length() > 200) {
            throw new IllegalArgumentException("crontab schedule longer than 200 characters");
        }
        String trimmed = expression.trim();
        try {
            return new CronSchedule(trimmed, ExecutionTime.forCron(PARSER.parse(trimmed)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad crontab schedule \"" + trimmed
                    + "\" (UNIX syntax: minute hour day-of-month month day-of-week): " + e.getMessage(), e);
        }
    }

    /** The first run time strictly after {@code after}. */
    public Instant next(Instant after) {
        return executionTime.nextExecution(after.atZone(ZoneOffset.UTC))
                .map(t -> t.toInstant())
                .orElseThrow(() -> new IllegalStateException("crontab schedule \"" + expression + "\" never fires"));
    }
}
