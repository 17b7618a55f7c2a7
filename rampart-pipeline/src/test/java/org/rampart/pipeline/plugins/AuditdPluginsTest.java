package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.pipeline.plugins.PluginTesting.json;
import static org.rampart.pipeline.plugins.PluginTesting.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AuditdPluginsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gmond|netstat -t -a -n", "rabbitmq-server|/usr/lib64/erlang/erts-5.8.5/bin/epmd -daemon",
            "beam.smp|inet_gethost 4", "sshd|/usr/sbin/sshd -R", "chkconfig|/sbin/runlevel",
            "nrpe|/usr/lib64/nagios/plugins/check_load -w 5"})
    void noisyCommandsAreDroppedByAuditdFixupAndGetATtlFromTtlAuditd(String parent, String command) {
        String event = "{\"category\": \"auditd\", \"details\": {\"parentprocess\": \"%s\", \"command\": \"%s\"}}"
                .formatted(parent, command);
        assertThat(run(new AuditdFixup(), event)).isNull();
        assertThat(run(new TtlAuditd(), event).get("_ttl").asText()).isEqualTo("3d");
    }

    @Test
    void otherCommandsAreKeptWithoutTtl() {
        String event = "{\"details\": {\"parentprocess\": \"bash\", \"command\": \"netstat -t -a -n\"}}";
        assertThat(run(new AuditdFixup(), event)).isNotNull();
        assertThat(run(new TtlAuditd(), event).has("_ttl")).isFalse();
    }

    @Test
    void fieldsAreMadeToFitTheirMapping() {
        ObjectNode out = run(new AuditdFixup(), """
                {"details": {"auid": "4294967295", "ses": "4294967295", "uid": "(null)", "name": "(null)",
                             "gid": "10,20", "dhost": "box1"}}""");
        assertThat(out).isEqualTo(json("""
                {"details": {"auid": "-1", "ses": "-1", "uid": -1, "name": "(null)", "gidstring": "10,20",
                             "dhost": "box1"},
                 "hostname": "box1", "category": "auditd", "type": "auditd"}"""));
    }

    @Test
    void anExistingCategoryIsKept() {
        assertThat(run(new AuditdFixup(), "{\"category\": \"execve\"}").get("category").asText()).isEqualTo("execve");
    }
}
