package org.rampart.alerts.rules;

import java.util.Map;

/** How MozDef's mapping template types an event field; everything not listed is a keyword. */
enum FieldKind {
    KEYWORD, TEXT, IP, BOOLEAN, DATE;

    private static final Map<String, FieldKind> TEMPLATE = Map.of(
            "summary", TEXT,
            "details.sourceipaddress", IP,
            "details.destinationipaddress", IP,
            "details.success", BOOLEAN,
            "utctimestamp", DATE,
            "receivedtimestamp", DATE,
            "timestamp", DATE);

    static FieldKind of(String path) {
        return TEMPLATE.getOrDefault(path, KEYWORD);
    }
}
