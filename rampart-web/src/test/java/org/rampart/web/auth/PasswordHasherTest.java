package org.rampart.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Argon2id hashes: PHC format with their parameters, salted, verified, and re-hashed when the parameters rise. */
class PasswordHasherTest {
    private final PasswordHasher hasher = PasswordHasher.owasp();

    @Test
    void aHashCarriesOwaspParametersAndVerifiesOnlyItsPassword() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify(hash, "correct horse battery".toCharArray())).isTrue();
        assertThat(hasher.verify(hash, "correct horse batterx".toCharArray())).isFalse();
        assertThat(hasher.verify(hash, "".toCharArray())).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(hasher.hash("same password!".toCharArray())).isNotEqualTo(hasher.hash("same password!".toCharArray()));
    }

    @Test
    void aKnownArgon2idVectorVerifies() {
        // The reference implementation (Debian's argon2 CLI):
        // echo -n password | argon2 somesaltsomesalt -id -t 2 -m 16 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + "/DO3gTkjHTS3Fia9YkXB1y76GQrWBcPYFmpyrc7fosI";
        assertThat(hasher.verify(reference, "password".toCharArray())).isTrue();
        assertThat(hasher.verify(reference, "Password".toCharArray())).isFalse();
        assertThat(hasher.needsRehash(reference)).isFalse();
    }

    @Test
    void aHashWithWeakerParametersVerifiesAndAsksForARehash() {
        String weak = new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1)).hash("an older password".toCharArray());
        assertThat(weak).contains("m=1024,t=1,p=1");
        assertThat(hasher.verify(weak, "an older password".toCharArray())).isTrue();
        assertThat(hasher.needsRehash(weak)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("a current password".toCharArray()))).isFalse();
    }

    @Test
    void aTamperedHashIsAnErrorNotAMatch() {
        assertThatThrownBy(() -> hasher.verify("plain text", "x".toCharArray())).isInstanceOf(IllegalStateException.class);
        String huge = "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$/DO3gTkjHTS3Fia9YkXB1y76GQrWBcPYFmpyrc7fosI";
        assertThatThrownBy(() -> hasher.verify(huge, "x".toCharArray())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out-of-range");
    }
}
