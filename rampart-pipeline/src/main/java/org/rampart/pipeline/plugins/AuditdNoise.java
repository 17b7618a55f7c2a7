package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The auditd events MozDef treats as noise (monitoring and daemons that run constantly): its five rules exactly, each
 * an exact parent process, exact users and an exact command or a command prefix (pipeline-catalog.md §3b). No rule
 * tests whether a command merely contains a word: an attacker could otherwise name a process to have its events
 * dropped before any alert sees them.
 */
final class AuditdNoise {
    private static final List<String> RABBITMQ_PREFIXES = List.of(
            "inet_gethost 4", "sh -c exec inet_gethost 4", "/bin/sh -s unix:cmd", "sh -c exec /bin/sh -s unix:cmd");
    private static final List<String> RUNLEVEL_PREFIXES = List.of("/sbin/runlevel", "sh -c /sbin/runlevel");
    private static final List<String> NAGIOS_PREFIXES =
            List.of("/usr/lib64/nagios/plugins", "sh -c /usr/lib64/nagios/plugins");

    private AuditdNoise() {}

    static boolean isNoise(ObjectNode details) {
        String parent = Events.text(details, "parentprocess");
        String command = Events.text(details, "command");
        if (command == null) {
            // MozDef compares only string commands (a prefix test on anything else raises there).
            return false;
        }
        String duser = Events.text(details, "duser");
        String suser = Events.text(details, "suser");
        boolean ganglia = "gmond".equals(parent) && "nobody".equals(duser)
                && command.equals("/bin/sh -c netstat -t -a -n");
        boolean rabbitmq = "beam.smp".equals(parent) && "rabbitmq".equals(duser)
                && (command.equals("/usr/lib64/erlang/erts-5.8.5/bin/epmd -daemon")
                        || startsWithAny(command, RABBITMQ_PREFIXES));
        boolean sshd = "sshd".equals(parent) && "root".equals(duser) && command.equals("/usr/sbin/sshd -R");
        boolean chkconfig = "chkconfig".equals(parent) && "root".equals(suser)
                && startsWithAny(command, RUNLEVEL_PREFIXES);
        boolean nagios = "nagios".equals(duser) && "root".equals(suser) && startsWithAny(command, NAGIOS_PREFIXES);
        return ganglia || rabbitmq || sshd || chkconfig || nagios;
    }

    private static boolean startsWithAny(String command, List<String> prefixes) {
        return prefixes.stream().anyMatch(command::startsWith);
    }
}
