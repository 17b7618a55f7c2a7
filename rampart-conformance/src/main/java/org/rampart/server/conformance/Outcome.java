package org.rampart.server.conformance;

/**
 * The result of one fixture case: required cases decide pass/fail; strict (whole-output parity) mismatches
 * of passing cases are only counted.
 */
public record Outcome(String file, String caseId, boolean passed, boolean strictMatch, String difference) {}
