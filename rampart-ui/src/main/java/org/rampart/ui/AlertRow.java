package org.rampart.ui;

/**
 * One row of the alerts page: the newest of a run of alerts with the same alert name and summary, how many the run
 * has, and a sparkline of when they came.
 *
 * @param id        the newest alert's id (the row links to it)
 * @param foldKey   what makes alerts the same row: alert name and summary (the page's script folds live ones by it)
 * @param status    the newest alert's status: open, acknowledged, escalated or false_positive
 * @param sparkline SVG polyline points over the page's time window, empty for a single alert
 */
public record AlertRow(String id, String foldKey, String time, String category, String severity, String summary,
                       String classname, String status, int count, String sparkline) {
    /** An ISO-8601 time to the second, as the list shows it ({@code 2026-12-06 11:40:22}); other text as it is. */
    public static String shortTime(String time) {
        return time.length() >= 19 && time.charAt(10) == 'T' ? time.substring(0, 10) + " " + time.substring(11, 19) : time;
    }
}
