package org.rampart.alerts;

/**
 * MozDef's DeadmanAlertTask: an alert that fires when NO event matched, from {@link #onNoEvent()}. It searches
 * with a page of one hit, since only whether anything matched counts.
 */
public abstract class DeadmanAlertTask extends AlertTask {

    @Override
    final int pageSize() {
        return 1;
    }
}
