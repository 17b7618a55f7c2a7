package org.rampart.web.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token that machine clients (the CLI, scripts) present to the REST API. Created on first start in
 * the data folder, readable by its owner only, so that a local user who can read the data can also query it.
 */
public final class ApiToken {
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The token stored in {@code file} (the data layout's {@code api-token}), created (32 random bytes, base64url) when absent. */
    public static ApiToken loadOrCreate(Path file) {
        Path dataDir = file.toAbsolutePath().getParent();
        try {
            if (Files.exists(file)) {
                return of(Files.readString(file).strip());
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = Files.createTempFile(dataDir, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, value + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file);
            return of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token " + file, e);
        }
    }

    /** A token with a known value. */
    public static ApiToken of(String value) {
        if (value == null || value.length() < 16) {
            throw new IllegalArgumentException("an API token must have at least 16 characters");
        }
        return new ApiToken(value);
    }

    /** True when the {@code Authorization} header value carries this token (constant-time comparison). */
    public boolean acceptsHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }
}
