package org.rampart.web.rest.spi;

import java.util.List;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;

/**
 * MozDef's REST plugin ({@code rest/plugins}): asks for REST API requests by the path segments it registers for.
 * The kind is registered so that drop-in jars are found and listed now; the REST API calls them from the next
 * release, which adds the request hook to this interface.
 */
public interface RestPlugin extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/rest-plugins}. */
    ExtensionKind<RestPlugin> KIND = new ExtensionKind<>("REST plugin", "rest-plugins", RestPlugin.class);

    /** The request path segments it registers for (MozDef's registration), e.g. {@code blockip}. */
    List<String> registration();

    /** Lower runs first; MozDef's default is 100. */
    default int priority() {
        return 100;
    }
}
