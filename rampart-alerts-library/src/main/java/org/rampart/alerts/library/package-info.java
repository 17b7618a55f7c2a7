/**
 * The bundled alerts: MozDef's alert library ported class by class (same classnames, queries, windows,
 * thresholds and summaries), each with its config file under {@code /alerts/} and its schedule in
 * {@code /alerts/alerts.yml}.
 */
package org.rampart.alerts.library;
