package org.rampart.intake.http;

/** Why a request or one line of it was refused: the HTTP status, a reason for the client, a metric name. */
final class Rejection extends Exception {
    final int status;
    final String metric;

    Rejection(int status, String metric, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.metric = metric;
    }

    static Rejection badRequest(String metric, String reason) {
        return new Rejection(400, metric, reason);
    }
}
