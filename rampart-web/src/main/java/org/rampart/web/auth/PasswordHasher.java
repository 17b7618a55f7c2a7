package org.rampart.web.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}): the parameters
 * travel with each hash, so they can be raised later and old hashes still verify (and are re-hashed at the next login,
 * see {@link #needsRehash}).
 *
 * <p>Not final only so that this package's tests can count verifications; the constructor is package-private, so
 * nothing outside the package extends it.
 */
public class PasswordHasher {
    /** Argon2id cost parameters: memory in KiB, passes, lanes. */
    record Cost(int memoryKib, int iterations, int parallelism) {
        /** OWASP's password storage cheat sheet: m=19 MiB, t=2, p=1. */
        static final Cost OWASP = new Cost(19 * 1024, 2, 1);

        boolean weakerThan(Cost other) {
            return memoryKib < other.memoryKib || iterations < other.iterations || parallelism < other.parallelism;
        }
    }

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    /** Bounds on stored parameters, so a tampered row cannot make one verification take the machine's memory. */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cost cost;
    /** Each hash holds {@code memoryKib} of memory: bounding concurrent ones bounds what a login flood can take. */
    private final Semaphore running = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Verified against when the account does not exist, so that a failed login costs the same either way. */
    private final String unknownAccountHash;

    PasswordHasher(Cost cost) {
        this.cost = cost;
        this.unknownAccountHash = hash(Secrets.random(16).toCharArray());
    }

    /** Argon2id with OWASP's recommended parameters. */
    public static PasswordHasher owasp() {
        return new PasswordHasher(Cost.OWASP);
    }

    /** A new hash of {@code password} with a fresh random salt and this hasher's parameters. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded} (compared in constant time). */
    public boolean verify(String encoded, char[] password) {
        Matcher m = parse(encoded);
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = argon2(password, salt, costOf(m), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for a login whose account does not exist. */
    public void verifyNothing(char[] password) {
        verify(unknownAccountHash, password);
    }

    /** True when {@code encoded} was made with weaker parameters than this hasher's. */
    public boolean needsRehash(String encoded) {
        return costOf(parse(encoded)).weakerThan(cost);
    }

    private static Matcher parse(String encoded) {
        Matcher m = PHC.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) {
            throw new IllegalStateException("a stored password hash is not an Argon2id PHC string");
        }
        return m;
    }

    private static Cost costOf(Matcher m) {
        Cost c = new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        if (c.memoryKib() < 8 * c.parallelism() || c.memoryKib() > MAX_MEMORY_KIB || c.iterations() < 1 || c.parallelism() < 1) {
            throw new IllegalStateException("a stored password hash has out-of-range Argon2 parameters: " + c);
        }
        return c;
    }

    private byte[] argon2(char[] password, byte[] salt, Cost c, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(c.memoryKib()).withIterations(c.iterations()).withParallelism(c.parallelism())
                .withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        running.acquireUninterruptibly();
        try {
            generator.generateBytes(password, out);
        } finally {
            running.release();
        }
        return out;
    }
}
