package org.rampart.alerts.library;

import static org.rampart.alerts.testkit.AlertTestSuite.json;
import static org.rampart.alerts.testkit.AlertTestSuite.secondsAgo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rampart.alerts.AlertTask;
import org.rampart.alerts.testkit.AlertTestSuite;
import org.rampart.store.lucene.LuceneEventStore;

/** Positive and negative cases for the library alerts MozDef shipped without tests (so without fixtures). */
class FixturelessAlertsTest {

    private static AlertTestSuite suite(Supplier<? extends AlertTask> alert) {
        return AlertTestSuite.of(alert, LuceneEventStore::open);
    }

    private static List<ObjectNode> times(int n, ObjectNode event) {
        return Collections.nCopies(n, event);
    }

    @Test
    void auditdSftp() {
        suite(AlertSFTPEvent::new)
                .defaultEvent(json("""
                        {"category": "execve", "processname": "audisp-json", "hostname": "box1",
                         "details": {"processname": "ssh", "parentprocess": "sftp", "originaluser": "alice", "cwd": "/home/alice"}}"""))
                .defaultAlert(json("""
                        {"category": "execve", "severity": "NOTICE", "tags": ["audisp-json, audit"],
                         "summary": "SFTP Event by alice from host box1 in directory /home/alice"}"""))
                .positive("sftp under ssh alerts", List.of(json("{}")), json("{}"))
                .positive("missing fields read unknown", List.of(json("{\"details\": {\"cwd\": null}}")),
                        json("{\"summary\": \"SFTP Event by alice from host box1 in directory unknown\"}"))
                .negative("another parent process", List.of(json("{\"details\": {\"parentprocess\": \"bash\"}}")))
                .negative("older than 5 minutes", List.of(json("{\"utctimestamp\": " + secondsAgo(301)
                        + ", \"receivedtimestamp\": " + secondsAgo(301) + "}")))
                .verify();
    }

    @Test
    void auth0VerticalPasswordGuessing() {
        ObjectNode failed = json("""
                {"tags": ["auth0"], "details": {"eventname": "Failed Login (wrong password)",
                 "description": "Wrong email or password.", "username": "a@example.com", "sourceipaddress": "1.1.1.1"}}""");
        suite(AlertAuth0VerticalPasswordGuessing::new)
                .defaultEvent(failed)
                .defaultAlert(json("""
                        {"category": "bruteforce", "severity": "WARNING", "tags": ["auth0"],
                         "summary": "Auth0 Username/Password Vertical Password Guessing Attack in Progress against 2 users from 2 unique source ip(s)"}"""))
                .positive("two users from two addresses", List.of(json("{}"),
                        json("{\"details\": {\"username\": \"b@example.com\", \"sourceipaddress\": \"2.2.2.2\"}}")), json("{}"))
                .negative("one user only", times(5, json("{}")))
                .negative("another description", List.of(
                        json("{\"details\": {\"description\": \"other\"}}"),
                        json("{\"details\": {\"description\": \"other\", \"username\": \"b@example.com\"}}")))
                .verify();
    }

    @Test
    void broNoticeAlerts() {
        ObjectNode notice = json("""
                {"category": "bro", "source": "notice", "hostname": "nsm1", "summary": "1.2.3.4 did things"}""");
        record Case(Supplier<? extends AlertTask> alert, String note, String category, String severity, String url) {}
        for (Case c : List.of(
                new Case(AlertBugzillaPBruteforce::new, "BugzBruteforcing::HTTP_BugzBruteforcing_Attacker", "httperrors", "NOTICE", "https://www.mozilla.org"),
                new Case(AlertHTTPBruteforce::new, "AuthBruteforcing::HTTP_AuthBruteforcing_Attacker", "httperrors", "WARNING", "https://www.mozilla.org"),
                new Case(AlertHTTPErrors::new, "MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker", "httperrors", "WARNING", "https://www.mozilla.org"),
                new Case(AlertSSHManyConns::new, "SSH::Password_Guessing", "bruteforce", "NOTICE", "https://www.mozilla.org"))) {
            ObjectNode event = notice.deepCopy();
            event.putObject("details").put("note", c.note());
            ObjectNode alert = json("{\"summary\": \"nsm1 1.2.3.4 did things\", \"tags\": [\"http\"]}")
                    .put("category", c.category()).put("severity", c.severity()).put("url", c.url());
            suite(c.alert())
                    .defaultEvent(event)
                    .defaultAlert(alert)
                    .positive("the notice alerts", List.of(json("{}")), json("{}"))
                    .negative("another note", List.of(json("{\"details\": {\"note\": \"Other::Note\"}}")))
                    .negative("not from the notice log", List.of(json("{\"source\": \"conn\"}")))
                    .verify();
        }
    }

    @Test
    void httpErrorsSeverityComesFromItsConfig() {
        suite(AlertHTTPErrors::new)
                .iniConfig("http_errors.conf", java.util.Map.of("url", "https://example.org", "severity", "CRITICAL"))
                .defaultEvent(json("""
                        {"category": "bro", "source": "notice", "hostname": "nsm1", "summary": "s",
                         "details": {"note": "MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker"}}"""))
                .defaultAlert(json("""
                        {"category": "httperrors", "severity": "CRITICAL", "tags": ["http"], "summary": "nsm1 s", "url": "https://example.org"}"""))
                .positive("configured severity and url", List.of(json("{}")), json("{}"))
                .verify();
    }

    @Test
    void cloudtrailLoggingDisabled() {
        suite(AlertCloudtrailLoggingDisabled::new)
                .defaultEvent(json("""
                        {"source": "cloudtrail", "details": {"eventname": "StopLogging", "requestparameters": {"name": "trail1"}}}"""))
                .defaultAlert(json("""
                        {"category": "AWSCloudtrail", "severity": "CRITICAL", "tags": ["cloudtrail", "aws", "cloudtrail_logging_disabled"],
                         "summary": "Cloudtrail Logging Disabled: trail1"}"""))
                .positive("StopLogging alerts", List.of(json("{}")), json("{}"))
                .positive("within 30 minutes", List.of(json("{\"utctimestamp\": " + secondsAgo(1700)
                        + ", \"receivedtimestamp\": " + secondsAgo(1700) + "}")), json("{}"))
                .negative("denied calls do not", List.of(json("{\"errorcode\": \"AccessDenied\"}")))
                .negative("another call", List.of(json("{\"details\": {\"eventname\": \"StartLogging\"}}")))
                .verify();
    }

    @Test
    void duoFailOpen() {
        suite(AlertDuoFailOpen::new)
                .defaultEvent(json("{\"summary\": \"Failsafe Duo login summary\", \"hostname\": \"vpn1\"}"))
                .defaultAlert(json("""
                        {"category": "bypass", "severity": "WARNING", "tags": ["openvpn", "duosecurity"],
                         "summary": "DuoSecurity contact failed, fail open triggered on vpn1"}"""))
                .positive("one fail-open event", List.of(json("{}")), json("{}"))
                .positive("several on one host", times(3, json("{}")), json("{}"))
                .negative("other summary", List.of(json("{\"summary\": \"Duo login ok\"}")))
                .verify();
    }

    @Test
    void ldapDelete() {
        suite(LdapDelete::new)
                .defaultEvent(json("""
                        {"category": "ldapChange", "details": {"changetype": "delete", "actor": "mail=admin@example.com", "dn": "cn=x,dc=example"}}"""))
                .defaultAlert(json("""
                        {"category": "ldap", "severity": "INFO", "tags": ["ldap"], "summary": "mail=admin@example.com deleted cn=x,dc=example"}"""))
                .positive("a delete alerts", List.of(json("{}")), json("{}"))
                .negative("an add does not", List.of(json("{\"details\": {\"changetype\": \"add\"}}")))
                .negative("a bind actor does not", List.of(json("{\"details\": {\"actor\": \"cn=binduser,dc=example\"}}")))
                .verify();
    }

    @Test
    void ldapLockout() {
        suite(LdapLockout::new)
                .defaultEvent(json("""
                        {"category": "ldapChange", "details": {"actor": "cn=admin,dc=mozilla", "dn": "mail=bob@example.com,o=com",
                         "changepairs": "replace:pwdAccountLockedTime"}}"""))
                .defaultAlert(json("""
                        {"category": "ldap", "severity": "NOTICE", "tags": ["ldap"], "summary": "mail=bob@example.com,o=com LDAP account locked"}"""))
                .positive("a lockout alerts", List.of(json("{}")), json("{}"))
                .negative("another change", List.of(json("{\"details\": {\"changepairs\": \"replace:mail\"}}")))
                .negative("another actor", List.of(json("{\"details\": {\"actor\": \"cn=someone\"}}")))
                .verify();
    }
}
