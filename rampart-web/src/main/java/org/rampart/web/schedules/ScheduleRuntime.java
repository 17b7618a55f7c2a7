package org.rampart.web.schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.schedule.AlertSchedule;
import org.rampart.alerts.schedule.AlertScheduler;

/**
 * The running scheduler as the REST API sees it: what it schedules, and live changes to crontabs and on/off. The
 * module that runs the alerts passes one in; the REST API never owns the scheduler.
 */
public interface ScheduleRuntime {
    /** A server without scheduled alerts: nothing to list, nothing to change. */
    ScheduleRuntime NONE = new ScheduleRuntime() {
        @Override
        public List<AlertSchedule> schedules() {
            return List.of();
        }

        @Override
        public void apply(Map<String, String> crons, Map<String, Boolean> enabled) {
            if (!crons.isEmpty() || !enabled.isEmpty()) {
                throw new IllegalArgumentException("this server runs no scheduled alerts: there is no schedule to change");
            }
        }
    };

    /** Every schedule and its run state. */
    List<AlertSchedule> schedules();

    /**
     * Sets the crontab of the alerts named in {@code crons} (an alert not scheduled yet is added) and turns those in
     * {@code enabled} on or off. Everything is checked before anything changes; a bad crontab or an unknown alert is
     * an {@link IllegalArgumentException}.
     */
    void apply(Map<String, String> crons, Map<String, Boolean> enabled);

    /** {@code scheduler}'s schedules, changed live. */
    static ScheduleRuntime of(AlertScheduler scheduler) {
        return new ScheduleRuntime() {
            @Override
            public List<AlertSchedule> schedules() {
                return scheduler.schedules();
            }

            @Override
            public void apply(Map<String, String> crons, Map<String, Boolean> enabled) {
                synchronized (scheduler) {
                    Map<String, String> all = new LinkedHashMap<>();
                    scheduler.schedules().forEach(s -> all.put(s.name(), s.cron()));
                    all.putAll(crons);
                    for (String name : enabled.keySet()) {
                        if (!all.containsKey(name)) {
                            throw new IllegalArgumentException("no scheduled alert named \"" + name + "\"");
                        }
                    }
                    // sync checks every crontab and alert name before it changes anything.
                    scheduler.sync(all);
                    enabled.forEach(scheduler::setEnabled);
                }
            }
        };
    }
}
