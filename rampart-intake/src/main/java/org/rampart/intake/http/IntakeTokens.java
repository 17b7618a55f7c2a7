package org.rampart.intake.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rampart.event.EventFields;

/**
 * Who may send events: the shared {@code intake.token} and the named tokens of {@code intake.tokens} (one per source,
 * so one leaked secret is revoked alone and every event says which secret brought it). A token comes as
 * {@code Authorization: Bearer <token>}, or as the password of {@code Basic} auth or the key of an Elasticsearch
 * {@code ApiKey} (base64 of {@code id:key}), which is what Beats, Logstash, Fluent Bit and rsyslog's omelasticsearch
 * can send. MozDef's loginput had no authentication, so there is nothing older to be compatible with.
 *
 * <p>Every known token is compared, in constant time, against SHA-256 digests of equal length: neither how long nor
 * how similar a guess is shows in the time it takes.
 */
final class IntakeTokens {
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A request let in, and the source its named token stands for (null: the shared token, or no token needed). */
    record Admitted(String source) {}

    private static final Admitted ANONYMOUS = new Admitted(null);

    private record Known(String source, byte[] digest) {}

    private final List<Known> known = new ArrayList<>();
    private final boolean named;

    /**
     * @throws IllegalArgumentException for a source name that is not 1-64 of {@code A-Z a-z 0-9 _ . -}, a blank
     *                                  secret, or one secret given to two sources (which would make the name a guess)
     */
    IntakeTokens(String shared, Map<String, String> bySource) {
        if (shared != null) {
            known.add(new Known(null, digest(shared)));
        }
        List<String> secrets = new ArrayList<>();
        bySource.forEach((source, secret) -> {
            if (!SOURCE_NAME.matcher(source).matches()) {
                throw new IllegalArgumentException("intake.tokens: the source name '" + source
                        + "' must be 1 to 64 of A-Z a-z 0-9 _ . -");
            }
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("intake.tokens." + source + " is empty: give it a secret or remove it");
            }
            if (secrets.contains(secret) || secret.equals(shared)) {
                throw new IllegalArgumentException("intake.tokens." + source + " has the same secret as another token;"
                        + " give each source its own");
            }
            secrets.add(secret);
            known.add(new Known(source, digest(secret)));
        });
        this.named = !bySource.isEmpty();
    }

    /** The request's admission by its {@code Authorization} header (may be null), or null when it is refused. */
    Admitted admit(String authorization) {
        if (known.isEmpty()) {
            return ANONYMOUS;
        }
        String presented = presented(authorization);
        if (presented == null) {
            return null;
        }
        byte[] digest = digest(presented);
        Known match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.digest(), digest) && match == null) {
                match = k;
            }
        }
        return match == null ? null : match.source() == null ? ANONYMOUS : new Admitted(match.source());
    }

    /**
     * Makes the event's {@code intakesource} say what intake knows, when named tokens are in use: the admitted source,
     * or nothing; a value the sender wrote (under any spelling the normalizer reads as that key) is removed.
     *
     * @return whether the event changed
     */
    boolean stamp(ObjectNode event, Admitted admitted) {
        if (!named) {
            return false;
        }
        boolean changed = false;
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            if (names.next().replace("@", "").toLowerCase(Locale.ROOT).equals(EventFields.INTAKESOURCE)) {
                names.remove();
                changed = true;
            }
        }
        if (admitted.source() != null) {
            event.put(EventFields.INTAKESOURCE, admitted.source());
            changed = true;
        }
        return changed;
    }

    /** Whether {@link #stamp} may change events, so each must be looked at. */
    boolean stamps() {
        return named;
    }

    private static String presented(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = authorization.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> credentials;
            // Basic user:password and ApiKey id:key: the token is what follows the first colon.
            case "basic", "apikey" -> {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    yield null;
                }
                int colon = decoded.indexOf(':');
                yield colon < 0 ? null : decoded.substring(colon + 1);
            }
            default -> null;
        };
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
