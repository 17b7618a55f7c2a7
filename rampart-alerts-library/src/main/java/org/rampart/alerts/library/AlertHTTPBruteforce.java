package org.rampart.alerts.library;

import java.util.List;

/** MozDef's http_auth_bruteforce: Bro saw an attacker bruteforcing HTTP authentication. */
public class AlertHTTPBruteforce extends BroNoticeAlert {

    public AlertHTTPBruteforce() {
        super("http_auth_bruteforce.conf", "AuthBruteforcing::HTTP_AuthBruteforcing_Attacker",
                "httperrors", List.of("http"), "WARNING");
    }
}
