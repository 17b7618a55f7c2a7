package org.rampart.alerts.library;

import java.util.List;

/** MozDef's bugzilla_auth_bruteforce: Bro saw an attacker bruteforcing Bugzilla logins. */
public class AlertBugzillaPBruteforce extends BroNoticeAlert {

    public AlertBugzillaPBruteforce() {
        super("bugzilla_auth_bruteforce.conf", "BugzBruteforcing::HTTP_BugzBruteforcing_Attacker",
                "httperrors", List.of("http"), "NOTICE");
    }
}
