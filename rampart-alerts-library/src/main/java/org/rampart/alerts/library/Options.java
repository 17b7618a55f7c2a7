package org.rampart.alerts.library;

import java.util.Arrays;
import java.util.List;

/** Config values as MozDef alerts convert them: {@code int()}, {@code split()}, {@code split(",")}. */
final class Options {
    private Options() {}

    /** Python's int() of an option, with a message naming it when it is not a number. */
    static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("alert option " + key + " must be a whole number, got '" + value + "'");
        }
    }

    /** Python's {@code str.split()}: on runs of whitespace, no empty items. */
    static List<String> words(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }

    /** Python's {@code str.split(",")}: every item, empty ones included. */
    static List<String> commaList(String value) {
        return Arrays.asList(value.split(",", -1));
    }
}
