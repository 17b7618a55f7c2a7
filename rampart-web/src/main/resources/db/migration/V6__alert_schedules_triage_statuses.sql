-- What the REST API changed about the scheduled alerts, and their runs, so both outlive a restart. cron and enabled
-- are null until someone edits them (the alert then follows alerts.yml); total_run_count and last_run_at are kept by
-- every run (MozDef's alertschedules collection). Plain SQL that H2 and PostgreSQL both run unchanged.
CREATE TABLE alert_schedule (
    name            VARCHAR(256) NOT NULL PRIMARY KEY,
    cron            VARCHAR(200),
    enabled         BOOLEAN,
    total_run_count BIGINT       NOT NULL,
    last_run_at     TIMESTAMP WITH TIME ZONE,
    modified_at     TIMESTAMP WITH TIME ZONE,
    modified_by     VARCHAR(128)
);

-- The triage bot's statuses (POST /alertstatus): the user handles the alert by hand, or is on it.
ALTER TABLE alert_status DROP CONSTRAINT alert_status_known;
ALTER TABLE alert_status ADD CONSTRAINT alert_status_known
    CHECK (status IN ('acknowledged', 'escalated', 'false_positive', 'manual', 'in_progress'));
