/**
 * The query model and the store API ({@code org.rampart.query}: what alerts, the REST API and the UI use), exported apart
 * from the store SPI ({@code org.rampart.query.spi}: what a store backend implements). As for rampart-event, the exports
 * are checked when this module compiles; Rampart itself runs on the class path.
 */
module org.rampart.query {
    requires transitive org.rampart.event;
    // The query-string grammar is Lucene's classic parser, and wildcards/regexps compile to its automata.
    requires org.apache.lucene.core;
    requires org.apache.lucene.queryparser;

    exports org.rampart.query;
    exports org.rampart.query.tree;
    exports org.rampart.query.spi;
}
