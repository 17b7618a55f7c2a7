package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The auditd commands MozDef treats as noise (monitoring and daemons that run constantly). */
final class AuditdNoise {
    private AuditdNoise() {}

    static boolean isNoise(ObjectNode details) {
        String parent = Events.text(details, "parentprocess");
        String command = Events.text(details, "command");
        if (parent == null || command == null) {
            return false;
        }
        return switch (parent) {
            case "gmond" -> command.equals("netstat -t -a -n");
            case "rabbitmq-server" -> command.contains("epmd");
            case "beam.smp" -> command.equals("inet_gethost 4");
            case "sshd" -> command.equals("/usr/sbin/sshd -R");
            case "chkconfig" -> command.equals("/sbin/runlevel");
            case "nrpe" -> command.startsWith("/usr/lib64/nagios/plugins");
            default -> false;
        };
    }
}
