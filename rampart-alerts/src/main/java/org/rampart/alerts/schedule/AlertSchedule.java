package org.rampart.alerts.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What the scheduler knows about one alert: its crontab schedule and how its runs went. This is the
 * row the REST route {@code /alertschedules} shows.
 *
 * @param name the alert's name as in {@code alerts.yml} (MozDef's {@code module.Class})
 * @param cron the UNIX crontab expression (five fields)
 * @param enabled whether the alert runs at its ticks (MozDef's schedule {@code enabled})
 * @param nextRun when the next run is due
 * @param lastRun when the last run started, or null if it never ran
 * @param lastDuration how long the last finished run took, or null
 * @param runs finished runs, successful or not
 * @param failures runs that threw
 * @param skipped ticks skipped because the previous run was still going
 * @param lastAlerts the number of alerts the last successful run returned
 * @param lastError the last failure's message, cleared by a successful run
 * @param running whether a run is going on now
 */
public record AlertSchedule(String name, String cron, boolean enabled, Instant nextRun, Instant lastRun, Duration lastDuration,
        long runs, long failures, long skipped, int lastAlerts, String lastError, boolean running) {}
