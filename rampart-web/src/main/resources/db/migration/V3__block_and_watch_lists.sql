-- MozDef's meteor.ipblocklist, fqdnblocklist and watchlist in one table: which list, the item (an address with its
-- prefix, a host name, a watch term), when it was added and expires, and who asked and why. One row per list and item
-- (MozDef's dedupe). Plain SQL that H2 and PostgreSQL both run unchanged.
CREATE TABLE list_item (
    list_name     VARCHAR(16)   NOT NULL,
    item          VARCHAR(1024) NOT NULL,
    date_added    TIMESTAMP WITH TIME ZONE NOT NULL,
    date_expiring TIMESTAMP WITH TIME ZONE NOT NULL,
    comment       VARCHAR(4096),
    creator       VARCHAR(256)  NOT NULL,
    reference     VARCHAR(1024),
    PRIMARY KEY (list_name, item),
    CONSTRAINT list_item_list_known CHECK (list_name IN ('ipblocklist', 'fqdnblocklist', 'watchlist'))
);
CREATE INDEX list_item_expiring ON list_item (list_name, date_expiring);
