package org.rampart.alerts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Timestamps as MozDef writes them: Python's {@code datetime.isoformat()} of a UTC datetime. */
public final class Timestamps {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private Timestamps() {}

    /** {@code YYYY-MM-DDTHH:MM:SS+00:00}, with {@code .ffffff} only when the microseconds are not zero. */
    public static String isoformat(Instant instant) {
        OffsetDateTime t = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        String base = SECONDS.format(t);
        int micros = t.getNano() / 1000;
        return micros == 0 ? base + "+00:00" : base + String.format(".%06d", micros) + "+00:00";
    }

    /** Parses an ISO-8601 timestamp with offset (or UTC when none); empty when it is not one. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
