-- MozDef's meteor.duplicatechains: the Slack triage bot's chains of duplicate alerts per (alert, user).
CREATE TABLE duplicate_chain (
    alert       VARCHAR(512)  NOT NULL,
    user_email  VARCHAR(512)  NOT NULL,
    identifiers VARCHAR(65536) NOT NULL,
    created     TIMESTAMP WITH TIME ZONE NOT NULL,
    modified    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (alert, user_email)
);
