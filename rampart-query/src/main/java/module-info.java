/**
 * The query model and the store API ({@code org.rampart.query}: what alerts, the REST API and the UI use), exported apart
 * from the store SPI ({@code org.rampart.query.spi}: what a store backend implements). As for rampart-event, the exports
 * are checked when this module compiles; Rampart itself runs on the class path.
 */
module org.rampart.query {
    requires transitive org.rampart.event;

    exports org.rampart.query;
    exports org.rampart.query.spi;
}
