package org.rampart.query;

/**
 * One clause of a query, as MozDef's {@code mozdef_util.query_models} names them. Each store translates the
 * records to its own query language; the contract test kit pins down what each one means.
 */
public sealed interface Match
        permits TermMatch, TermsMatch, WildcardMatch, PhraseMatch, BooleanMatch, MissingMatch, RangeMatch,
                LessThanMatch, QueryStringMatch, SubnetMatch, ExistsMatch {

    /** Longest field name a matcher accepts. */
    int MAX_KEY_LENGTH = 512;
    /** Longest value (string form) a matcher accepts. */
    int MAX_VALUE_LENGTH = 32_768;
}
