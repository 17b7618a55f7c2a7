package org.rampart.ui;

/** The charts page: each chart's data as JSON (see {@link ChartPages#hourly}), and how many documents were read. */
public record ChartsView(Viewer viewer, String logins, String alertCategories, String alertSeverities, String talkers,
                         int hitsRead) {}
