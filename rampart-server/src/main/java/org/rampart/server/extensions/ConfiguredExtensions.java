package org.rampart.server.extensions;

import java.time.Clock;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.EventStore;
import org.rampart.query.spi.StoreProvider;

/** The extension registry and the store as the configuration names them. */
public final class ConfiguredExtensions {
    private ConfiguredExtensions() {}

    /** The bundled extensions plus the drop-in jars under {@code extensions.dir}. */
    public static Extensions of(RampartConfig config) {
        return Extensions.withDropIns(DataLayout.of(config).extensions());
    }

    /**
     * Opens the store {@code store.type} names.
     *
     * @throws IllegalArgumentException when no store provider has that name (the message lists those there are), or
     *                                  the store refuses to open (e.g. in use by a running server)
     */
    public static EventStore openStore(RampartConfig config, Extensions extensions, Clock clock) {
        StoreProvider provider;
        try {
            provider = extensions.get(StoreProvider.KIND, config.string("store.type").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.type: " + e.getMessage(), e);
        }
        return provider.open(config, DataLayout.of(config), clock);
    }
}
