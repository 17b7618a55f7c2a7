/**
 * The event, its MozDef format and normalization, configuration, and the extension registry every other module's
 * extension kinds build on. The API ({@code org.rampart.event}, {@code .config}, {@code .normalize}, {@code .ip}, {@code .mmdb}, {@code .datadir}, {@code .metrics}) is exported apart
 * from the extension SPI ({@code org.rampart.event.extension}).
 *
 * <p>Deliberate trade-off: Rampart runs on the plain class path (the launcher and every other module are not modular),
 * so these exports are checked when this module compiles, not at run time. The registry loads services of interfaces it
 * does not know when compiled; it declares them at run time ({@code Module.addUses}) for when it does run as a module.
 */
module org.rampart.event {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires com.maxmind.db;
    requires transitive micrometer.core;

    exports org.rampart.event;
    exports org.rampart.event.config;
    exports org.rampart.event.normalize;
    exports org.rampart.event.ip;
    exports org.rampart.event.mmdb;
    exports org.rampart.event.datadir;
    exports org.rampart.event.metrics;
    exports org.rampart.event.extension;
}
