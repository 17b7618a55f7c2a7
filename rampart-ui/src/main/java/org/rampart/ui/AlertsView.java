package org.rampart.ui;

import java.util.List;

/**
 * The alerts page.
 *
 * @param alerts  alerts read to fold the rows (at most {@link AlertPages#FOLD_WINDOW})
 * @param error   why the filters were refused, empty when they were not
 * @param page    this page's number, from 0
 * @param hasNext whether more rows follow
 */
public record AlertsView(Viewer viewer, AlertFilter filter, List<AlertRow> rows, int alerts, String error, int page,
                         boolean hasNext, List<QuickRange> ranges) {
    /** A link to the last hour, day or week. */
    public record QuickRange(String label, String href) {}
}
