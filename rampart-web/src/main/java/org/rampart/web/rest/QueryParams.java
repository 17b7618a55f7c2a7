package org.rampart.web.rest;

import io.javalin.http.Context;

/** Reading query-string parameters: every way they can be wrong is a 400 with the reason. */
final class QueryParams {
    private QueryParams() {}

    /** The number {@code name} of the query string, from {@code min} to {@code max}; {@code otherwise} when absent. */
    static long number(Context ctx, String name, long otherwise, long min, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + name + "' must be a number from " + min + " to " + max + "; it was "
                    + value);
        }
        return n;
    }
}
