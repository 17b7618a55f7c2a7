package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.pipeline.plugins.PluginTesting.json;
import static org.rampart.pipeline.plugins.PluginTesting.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AuditdPluginsTest {

    /** MozDef's five noise rules (pipeline-catalog.md §3b): parent process | duser | suser | command. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "gmond|nobody|-|/bin/sh -c netstat -t -a -n",
            "beam.smp|rabbitmq|-|/usr/lib64/erlang/erts-5.8.5/bin/epmd -daemon",
            "beam.smp|rabbitmq|-|inet_gethost 4 extra",
            "beam.smp|rabbitmq|-|sh -c exec inet_gethost 4",
            "beam.smp|rabbitmq|-|/bin/sh -s unix:cmd",
            "beam.smp|rabbitmq|-|sh -c exec /bin/sh -s unix:cmd x",
            "sshd|root|-|/usr/sbin/sshd -R",
            "chkconfig|-|root|/sbin/runlevel",
            "chkconfig|-|root|sh -c /sbin/runlevel x",
            "-|nagios|root|/usr/lib64/nagios/plugins/check_load -w 5",
            "bash|nagios|root|sh -c /usr/lib64/nagios/plugins-extra/x"})
    void noisyEventsAreDroppedByAuditdFixupAndGetATtlFromTtlAuditd(String parent, String duser, String suser,
            String command) {
        String event = event(parent, duser, suser, command);
        assertThat(run(new AuditdFixup(), event)).isNull();
        assertThat(run(new TtlAuditd(), event).get("_ttl").asText()).isEqualTo("3d");
    }

    /** Near misses: another user, a command that only contains the word, a trailing space, a missing field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "gmond|root|-|/bin/sh -c netstat -t -a -n",
            "gmond|nobody|-|netstat -t -a -n",
            "rabbitmq-server|rabbitmq|-|/usr/lib64/erlang/erts-5.8.5/bin/epmd -daemon",
            "beam.smp|rabbitmq|-|/tmp/epmd",
            "beam.smp|-|-|inet_gethost 4",
            "sshd|root|-|'/usr/sbin/sshd -R '",
            "sshd|alice|-|/usr/sbin/sshd -R",
            "chkconfig|root|-|/sbin/runlevel",
            "-|nagios|-|/usr/lib64/nagios/plugins/check_load",
            "-|nagios|root|/tmp/x /usr/lib64/nagios/plugins",
            "bash|-|-|netstat -t -a -n"})
    void otherEventsAreKeptWithoutTtl(String parent, String duser, String suser, String command) {
        String event = event(parent, duser, suser, command);
        assertThat(run(new AuditdFixup(), event)).isNotNull();
        assertThat(run(new TtlAuditd(), event).has("_ttl")).isFalse();
    }

    private static String event(String parent, String duser, String suser, String command) {
        ObjectNode details = json("{}").put("command", command);
        if (parent != null) {
            details.put("parentprocess", parent);
        }
        if (duser != null) {
            details.put("duser", duser);
        }
        if (suser != null) {
            details.put("suser", suser);
        }
        ObjectNode event = json("{\"category\": \"auditd\"}");
        event.set("details", details);
        return event.toString();
    }

    @Test
    void fieldsAreMadeToFitTheirMapping() {
        ObjectNode out = run(new AuditdFixup(), """
                {"details": {"auid": "4294967295", "ses": "4294967295", "uid": "(null)", "name": "(null)",
                             "gid": "10,20", "dhost": "box1"}}""");
        assertThat(out).isEqualTo(json("""
                {"details": {"auid": "-1", "ses": "-1", "uid": -1, "name": "(null)", "gidstring": "10,20"},
                 "hostname": "box1", "category": "auditd", "type": "auditd"}"""));
    }

    @Test
    void aNumericOrNullGidStaysWhereItIs() {
        // MozDef runs its comma test on these too, raises, and loses the event.
        assertThat(run(new AuditdFixup(), "{\"details\": {\"gid\": \"(null)\"}}").path("details").path("gid").intValue())
                .isEqualTo(-1);
        assertThat(run(new AuditdFixup(), "{\"details\": {\"gid\": 100}}").path("details").path("gid").intValue())
                .isEqualTo(100);
    }

    @Test
    void anExistingCategoryIsKept() {
        assertThat(run(new AuditdFixup(), "{\"category\": \"execve\"}").get("category").asText()).isEqualTo("execve");
    }
}
