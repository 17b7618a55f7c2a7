package org.rampart.alerts.library;

import java.util.List;

/** MozDef's ssh_bruteforce_bro: Bro saw SSH password guessing (MozDef tags it "http"; kept). */
public class AlertSSHManyConns extends BroNoticeAlert {

    public AlertSSHManyConns() {
        super("ssh_bruteforce_bro.conf", "SSH::Password_Guessing", "bruteforce", List.of("http"), "NOTICE");
    }
}
