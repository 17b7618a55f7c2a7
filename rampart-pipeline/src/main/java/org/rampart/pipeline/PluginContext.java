package org.rampart.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a plugin may need from its surroundings when it is configured, injected so that tests control the host name.
 * There is no clock here: "now" is per event, {@link EventContext#clock()}.
 *
 * @param hostname  the host name MozDef writes into {@code mozdefhostname}; may throw when the lookup fails
 * @param configDir where plugin configuration files (MozDef's {@code <plugin>.conf/.json/.yml}) are read
 *                  from before the bundled defaults on the classpath; may be null
 * @param geoipDir  the folder holding the GeoIP MMDB files; may be null (GeoIP then reports an error field)
 * @param geoipCheckInterval how often the GeoIP files are checked for a replacement ({@code geoip.check_interval})
 */
public record PluginContext(Supplier<String> hostname, Path configDir, Path geoipDir, Duration geoipCheckInterval) {
    /** {@code geoip.check_interval}'s default. */
    public static final Duration DEFAULT_GEOIP_CHECK_INTERVAL = Duration.ofSeconds(30);

    public PluginContext {
        if (geoipCheckInterval.isNegative()) {
            throw new IllegalArgumentException("geoip.check_interval must not be negative: " + geoipCheckInterval);
        }
    }

    /** With the default GeoIP check interval. */
    public PluginContext(Supplier<String> hostname, Path configDir, Path geoipDir) {
        this(hostname, configDir, geoipDir, DEFAULT_GEOIP_CHECK_INTERVAL);
    }
}
