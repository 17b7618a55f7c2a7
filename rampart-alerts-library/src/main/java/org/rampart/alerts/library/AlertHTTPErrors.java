package org.rampart.alerts.library;

import java.util.List;

/** MozDef's http_errors: Bro saw a client cause excessive HTTP errors; severity from the config. */
public class AlertHTTPErrors extends BroNoticeAlert {

    public AlertHTTPErrors() {
        super("http_errors.conf", "MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker", "httperrors", List.of("http"), null);
    }
}
