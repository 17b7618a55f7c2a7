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

    @Test
    void nsmScanPort() {
        suite(NSMScanPort::new)
                .defaultEvent(json("""
                        {"category": "bro", "source": "notice", "summary": "Scan::Port_Scan source 10.99.88.77",
                         "details": {"sourceipaddress": "10.99.88.77", "indicators": "10.99.88.77", "note": "Scan::Port_Scan", "msg": "10.1.1.1 scanned"}}"""))
                .defaultAlert(json("""
                        {"category": "nsm", "severity": "WARNING", "tags": ["nsm", "bro", "portscan"],
                         "summary": "Port scan from 10.99.88.77 (mock.mozilla.org)"}"""))
                .positive("a port scan alerts", List.of(json("{}")), json("{}"))
                .negative("excluded source", List.of(json("{\"details\": {\"sourceipaddress\": \"10.54.65.234\"}}")))
                .negative("excluded destination", List.of(json("{\"details\": {\"msg\": \"192.168.1.1 scanned\"}}")))
                .negative("older than two minutes", List.of(json("{\"utctimestamp\": " + secondsAgo(180)
                        + ", \"receivedtimestamp\": " + secondsAgo(180) + "}")))
                .verify();
    }

    @Test
    void promiscKernel() {
        suite(PromiscKernel::new)
                .defaultEvent(json("{\"category\": \"syslog\", \"hostname\": \"box1\", \"summary\": \"device eth0 entered promiscuous mode\"}"))
                .defaultAlert(json("""
                        {"category": "promisc", "severity": "WARNING", "tags": ["promisc", "kernel"], "summary": "Promiscuous mode enabled on box1 [2]"}"""))
                .positive("two messages on one host", times(2, json("{}")), json("{}"))
                .negative("container interfaces", List.of(json("{\"summary\": \"veth12 entered promiscuous mode\"}")))
                .negative("left promiscuous mode", List.of(json("{\"summary\": \"device eth0 left promiscuous mode\"}")))
                .verify();
    }

    @Test
    void proxyDropNonStandardPort() {
        suite(AlertProxyDropNonStandardPort::new)
                .defaultEvent(json("""
                        {"category": "proxy", "details": {"sourceipaddress": "1.2.3.4", "proxyaction": "TCP_DENIED", "method": "CONNECT",
                         "destination": "evil.com:6667", "destinationport": "6667"}}"""))
                .defaultAlert(json("""
                        {"category": "squid", "severity": "WARNING", "tags": ["squid", "proxy"],
                         "summary": "Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following non-std port destination(s): evil.com:6667"}"""))
                .positive("a CONNECT to 6667", List.of(json("{}")), json("{}"))
                .positive("two destinations, sorted", List.of(json("{}"), json("{\"details\": {\"destination\": \"a.com:22\", \"destinationport\": \"22\"}}")),
                        json("{\"summary\": \"Suspicious Proxy DROP event(s) detected from 1.2.3.4 to the following non-std port destination(s): a.com:22,evil.com:6667\"}"))
                .negative("443 is standard", List.of(json("{\"details\": {\"destinationport\": \"443\"}}")))
                .negative("not a CONNECT", List.of(json("{\"details\": {\"method\": \"GET\"}}")))
                .verify();
    }

    @Test
    void multipleIntelHits() {
        suite(AlertMultipleIntelHits::new)
                .defaultEvent(json("""
                        {"category": "bro", "source": "intel", "hostname": "sensor1",
                         "details": {"seenindicator": "evil.com", "seenwhere": "HTTP::IN_HOST_HEADER", "sourceipaddress": "10.0.0.5"}}"""))
                .defaultAlert(json("""
                        {"category": "bro", "severity": "NOTICE", "tags": ["nsm,bro,intel"],
                         "summary": "10 sensor1  Bro intel match for indicator: on evil.com sample hosts that hit it: 10.0.0.5 in HTTP::IN_HOST_HEADER 10.0.0.5 in HTTP::IN_HOST_HEADER 10.0.0.5 in HTTP::IN_HOST_HEADER "}"""))
                .positive("ten hits", times(10, json("{}")), json("{}"))
                .negative("nine hits", times(9, json("{}")))
                .negative("unknown sensor", times(10, json("{\"hostname\": \"sensor9\"}")))
                .verify();
    }

    @Test
    void sshAccessSignReleng() {
        suite(AlertAuthSignRelengSSH::new)
                .defaultEvent(json("""
                        {"tags": ["releng"], "hostname": "host1.example.com", "summary": "Accepted publickey for bob from 1.2.3.4 port 22 ssh2",
                         "details": {"program": "sshd", "sourceipaddress": "1.2.3.4"}}"""))
                .defaultAlert(json("""
                        {"category": "access", "severity": "NOTICE", "tags": ["ssh"], "channel": "#somechannel", "notify_mozdefbot": true,
                         "summary": "SSH login from 1.2.3.4 on host1.example.com as user bob"}"""))
                .positive("a login to a signing host", List.of(json("{}")), json("{}"))
                .positive("keyboard-interactive", List.of(json("{\"summary\": \"Accepted keyboard-interactive/pam for carol from 1.2.3.4 port 22\"}")),
                        json("{\"summary\": \"SSH login from 1.2.3.4 on host1.example.com as user carol\"}"))
                .positive("a process id before the sshd text", List.of(json("{\"summary\": \"[1234]: Accepted publickey for dave from 1.2.3.4 port 22 ssh2\"}")),
                        json("{\"summary\": \"SSH login from 1.2.3.4 on host1.example.com as user dave\"}"))
                .positive("keyboard-interactive after a prefix", List.of(json("{\"summary\": \"sshd[99]: Accepted keyboard-interactive/pam for erin from 1.2.3.4 port 22\"}")),
                        json("{\"summary\": \"SSH login from 1.2.3.4 on host1.example.com as user erin\"}"))
                .negative("another host", List.of(json("{\"hostname\": \"web1.example.com\"}")))
                .negative("an excluded user and address", List.of(json("""
                        {"summary": "Accepted publickey for someuser from 4.5.6.7 port 22", "details": {"sourceipaddress": "4.5.6.7"}}""")))
                .verify();
    }

    @Test
    void sslBlacklistHit() {
        suite(AlertSSLBlacklistHit::new)
                .defaultEvent(json("""
                        {"eventsource": "nsm", "category": "brointel", "hostname": "nsm1", "summary": "SSL cert on blacklist",
                         "details": {"sources": "abuse.ch SSLBL", "sourceipaddress": "1.2.3.4"}}"""))
                .defaultAlert(json("""
                        {"category": "correlatedalerts", "severity": "NOTICE", "tags": ["nsm,bro,correlated"], "summary": "nsm1 SSL cert on blacklist"}"""))
                .positive("a blacklist hit", List.of(json("{}")), json("{}"))
                .negative("another intel source", List.of(json("{\"details\": {\"sources\": \"other\"}}")))
                .verify();
    }

    @Test
    void traceAudit() {
        suite(TraceAudit::new)
                .defaultEvent(json("{\"hostname\": \"box1\", \"details\": {\"processname\": \"strace\", \"originaluser\": \"eve\"}}"))
                .defaultAlert(json("""
                        {"category": "trace", "severity": "WARNING", "tags": ["audit"], "summary": "2 instances of Strace or Ptrace executed by eve on box1"}"""))
                .positive("strace twice", times(2, json("{}")), json("{}"))
                .negative("an expected host", List.of(json("{\"hostname\": \"example.hostname.com\"}")))
                .negative("another process", List.of(json("{\"details\": {\"processname\": \"ls\"}}")))
                .verify();
    }

    @Test
    void triageBotEscalation() {
        suite(AlertTriageBotEscalation::new)
                .defaultEvent(json("""
                        {"category": "triagebot", "details": {"userresponse": "no", "email": "u@example.com", "identifier": "abc123"}}"""))
                .defaultAlert(json("""
                        {"category": "access", "severity": "INFO", "tags": ["triagebot_escalation"], "url": "https://www.mozilla.org",
                         "summary": "TriageBot Escalation for event: abc123 sent to PagerDuty per 'NO' response from User: u@example.com"}"""))
                .positive("a NO answer", List.of(json("{}")), json("{}"))
                .negative("a yes answer", List.of(json("{\"details\": {\"userresponse\": \"yes\"}}")))
                .negative("no identifier", List.of(json("{\"details\": {\"identifier\": null}}")))
                .verify();
    }

    @Test
    void vpnDuoAuthFailures() {
        suite(AlertManyVPNDuoAuthFailures::new)
                .defaultEvent(json("""
                        {"category": "event", "tags": ["duosecurity"],
                         "details": {"integration": "global and external openvpn", "result": "FAILURE", "username": "dave", "ip": "5.6.7.8"}}"""))
                .defaultAlert(json("""
                        {"category": "openvpn", "severity": "NOTICE", "tags": ["vpn", "auth", "duo"],
                         "summary": "5 openvpn authentication attempts by dave 5.6.7.8 (5 hits)"}"""))
                .positive("five failures", times(5, json("{}")), json("{}"))
                .negative("four failures", times(4, json("{}")))
                .negative("successes", times(5, json("{\"details\": {\"result\": \"SUCCESS\"}}")))
                .verify();
    }
}
