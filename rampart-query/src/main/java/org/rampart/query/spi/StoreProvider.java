package org.rampart.query.spi;

import java.time.Clock;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;
import org.rampart.query.EventStore;

/**
 * A store backend, chosen by name with {@code store.type}: a second backend is one module with one of these,
 * registered in {@code META-INF/services/org.rampart.query.spi.StoreProvider}. Every backend runs the store contract
 * test kit ({@code EventStoreContract}).
 */
public interface StoreProvider extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/stores}. */
    ExtensionKind<StoreProvider> KIND = new ExtensionKind<>("store", "stores", StoreProvider.class);

    /**
     * Opens the store that {@code config} ({@code store.*} keys) describes, keeping local data under
     * {@code layout.store()}; {@code clock} is the store's "now" (aliases, defaults).
     *
     * @throws IllegalArgumentException when the configuration is wrong or the store is in use, saying what to do
     */
    EventStore open(RampartConfig config, DataLayout layout, Clock clock);
}
