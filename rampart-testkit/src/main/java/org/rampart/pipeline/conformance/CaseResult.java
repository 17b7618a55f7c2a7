package org.rampart.pipeline.conformance;

/**
 * The verdict on one fixture case.
 *
 * @param file       the fixture file name
 * @param id         the case id
 * @param required   true when MozDef's tests asserted the case (it must pass); false for derived cases
 * @param skipped    non-null when the case could not run here (its plugin or entry is absent): the reason
 * @param passed     whether the required assertions held (for a derived case: that it ran without throwing)
 * @param difference one line saying what differed in the required assertions, or null
 * @param strict     whether the whole recorded output (message and metadata) was matched
 * @param strictDifference one line saying what differed from the whole recorded output, or null
 */
public record CaseResult(String file, String id, boolean required, String skipped,
                         boolean passed, String difference, boolean strict, String strictDifference) {

    static CaseResult skipped(String file, String id, boolean required, String reason) {
        return new CaseResult(file, id, required, reason, false, null, false, null);
    }

    /** True when the case ran and its required assertions failed. */
    public boolean failed() {
        return skipped == null && !passed;
    }
}
