package org.rampart.query;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Argument checks shared by the matchers: queries come from REST callers too, so bound what they hold. */
final class Checks {
    private Checks() {}

    static String key(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a field name is required");
        }
        if (key.length() > Match.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("field name longer than " + Match.MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    static String text(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (value.length() > Match.MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + Match.MAX_VALUE_LENGTH + " characters");
        }
        return value;
    }

    /** A JSON scalar: string, number or boolean (MozDef's values are whatever Python passed to ES). */
    static Object scalar(String what, Object value) {
        if (value instanceof String s) {
            return text(what, s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                || value instanceof BigInteger || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException(what + " must be a string, a number or a boolean, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** A range bound: a scalar, an {@link java.time.Instant}, or null for an open end. */
    static Object bound(String what, Object value) {
        if (value == null || value instanceof java.time.Instant) {
            return value;
        }
        return scalar(what, value);
    }
}
