package org.rampart.web.rest.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;

/**
 * MozDef's REST plugin ({@code rest/plugins}): runs after the route's own work on requests whose endpoint (the path
 * without slashes, e.g. {@code blockip}) is in its {@link #registration()}, by ascending {@link #priority()}, and may
 * change the reply. {@code GET /plugins} lists them as MozDef does.
 */
public interface RestPlugin extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/rest-plugins}. */
    ExtensionKind<RestPlugin> KIND = new ExtensionKind<>("REST plugin", "rest-plugins", RestPlugin.class);

    /** The endpoints it registers for (MozDef's registration), e.g. {@code blockip}. */
    List<String> registration();

    /** Lower runs first; MozDef's default is 100. */
    default int priority() {
        return 100;
    }

    /** What {@code /plugins} shows next to the name; also sent as the reply's {@code X-Plugin} header. */
    default String description() {
        return name();
    }

    /**
     * Handles one request and may change {@code reply}. An {@link IllegalArgumentException} is the caller's fault and
     * answers 400 with its message.
     */
    void onMessage(Request request, Reply reply) throws Exception;

    /**
     * A request as a plugin sees it.
     *
     * @param endpoint the endpoint token that matched
     * @param body     the request body as text, possibly empty
     * @param caller   who sent it, as the audit log names them
     */
    record Request(String endpoint, String body, String caller) {}

    /** The reply a plugin may change; starts as the route's own reply. */
    final class Reply {
        private int status;
        private String contentType;
        private String body;
        private final Map<String, String> headers = new LinkedHashMap<>();

        public Reply(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        /** Sets status, content type and body at once. */
        public void set(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        public void header(String name, String value) {
            headers.put(name, value);
        }

        public int status() {
            return status;
        }

        public String contentType() {
            return contentType;
        }

        public String body() {
            return body;
        }

        public Map<String, String> headers() {
            return headers;
        }
    }
}
