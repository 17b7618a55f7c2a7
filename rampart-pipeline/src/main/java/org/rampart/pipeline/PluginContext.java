package org.rampart.pipeline;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a plugin may need from its surroundings when it is configured, injected so that tests control the host name.
 * There is no clock here: "now" is per event, {@link EventContext#clock()}.
 *
 * @param hostname  the host name MozDef writes into {@code mozdefhostname}; may throw when the lookup fails
 * @param configDir where plugin configuration files (MozDef's {@code <plugin>.conf/.json/.yml}) are read
 *                  from before the bundled defaults on the classpath; may be null
 * @param geoipDir  the folder holding the GeoIP MMDB files; may be null (GeoIP then reports an error field)
 */
public record PluginContext(Supplier<String> hostname, Path configDir, Path geoipDir) {}
