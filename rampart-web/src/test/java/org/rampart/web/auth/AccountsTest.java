package org.rampart.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.query.contract.MutableClock;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;

/** Local accounts on a real H2 file. */
class AccountsTest {
    private static final char[] PASSWORD = "a long enough password".toCharArray();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    /** The real hasher, counting its verifications. */
    private final AtomicInteger verifications = new AtomicInteger();
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.Cost.OWASP) {
        @Override
        public boolean verify(String encoded, char[] password) {
            verifications.incrementAndGet();
            return super.verify(encoded, password);
        }
    };
    private StateDatabase state;
    private AuditLog audit;
    private Accounts accounts;

    @BeforeEach
    void open() {
        state = StateDatabase.openEmbedded(dir);
        audit = new AuditLog(state, clock);
        accounts = new Accounts(state, hasher, audit, clock);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void addListAndAuthenticate() throws Exception {
        accounts.add(" Alice@Example.com ", Role.ANALYST, PASSWORD, "test");
        assertThat(accounts.list()).extracting(Accounts.Account::name).containsExactly("alice@example.com");
        assertThat(accounts.authenticate("ALICE@example.com", PASSWORD)).hasValueSatisfying(a ->
                assertThat(a.role()).isEqualTo(Role.ANALYST));
        assertThat(accounts.authenticate("alice@example.com", "a long enough passworD".toCharArray())).isEmpty();
    }

    @Test
    void theHashIsStoredNotThePassword() throws Exception {
        accounts.add("alice", Role.VIEWER, PASSWORD, "test");
        try (var c = state.connection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT password_hash FROM account")) {
            r.next();
            assertThat(r.getString(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(new String(PASSWORD));
        }
    }

    @Test
    void aFailedLoginCostsOneVerificationWhetherTheAccountExistsOrNot() throws Exception {
        accounts.add("alice", Role.VIEWER, PASSWORD, "test");
        verifications.set(0);
        assertThat(accounts.authenticate("alice", "wrong password!".toCharArray())).isEmpty();
        assertThat(verifications.getAndSet(0)).isEqualTo(1);
        assertThat(accounts.authenticate("nobody", "wrong password!".toCharArray())).isEmpty();
        assertThat(verifications.getAndSet(0)).isEqualTo(1);
        assertThat(accounts.authenticate("not a valid name!", "wrong password!".toCharArray())).isEmpty();
        assertThat(verifications.get()).isEqualTo(1);
    }

    @Test
    void aWeakerHashIsReplacedAtTheNextLogin() throws Exception {
        Accounts old = new Accounts(state, new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1)), audit, clock);
        old.add("alice", Role.VIEWER, PASSWORD, "test");
        assertThat(storedHash()).contains("m=1024,t=1,p=1");
        assertThat(accounts.authenticate("alice", PASSWORD)).isPresent();
        assertThat(storedHash()).contains("m=19456,t=2,p=1");
        assertThat(accounts.authenticate("alice", PASSWORD)).isPresent();
    }

    @Test
    void namesAndPasswordsAreChecked() throws Exception {
        accounts.add("alice", Role.VIEWER, PASSWORD, "test");
        assertThatThrownBy(() -> accounts.add("ALICE", Role.ADMIN, PASSWORD, "test")).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> accounts.add("bob", Role.VIEWER, "short".toCharArray(), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 to 1024");
        assertThatThrownBy(() -> accounts.add("bob", Role.VIEWER, " ".repeat(20).toCharArray(), "test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.add("bob smith", Role.VIEWER, PASSWORD, "test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.add("x".repeat(65), Role.VIEWER, PASSWORD, "test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.changePassword("nobody", PASSWORD, "test")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theLastAdminCannotBeRemoved() throws Exception {
        accounts.add("root", Role.ADMIN, PASSWORD, "test");
        accounts.add("alice", Role.VIEWER, PASSWORD, "test");
        assertThatThrownBy(() -> accounts.remove("root", "test")).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("last admin");
        accounts.remove("alice", "test");
        accounts.add("second", Role.ADMIN, PASSWORD, "test");
        accounts.remove("root", "test");
        assertThat(accounts.list()).extracting(Accounts.Account::name).containsExactly("second");
        assertThat(accounts.authenticate("root", PASSWORD)).isEmpty();
    }

    @Test
    void theFirstAdminIsCreatedOnceWithARandomPassword() throws Exception {
        String password = accounts.createFirstAdmin().orElseThrow();
        assertThat(password).hasSizeGreaterThanOrEqualTo(Accounts.MIN_PASSWORD);
        assertThat(accounts.authenticate("admin", password.toCharArray())).hasValueSatisfying(a ->
                assertThat(a.role()).isEqualTo(Role.ADMIN));
        assertThat(accounts.createFirstAdmin()).isEmpty();
        assertThat(audit.page(null, 1).getFirst().actor()).isEqualTo("system");
    }

    @Test
    void theDemoLoginIsCreatedThenReset() throws Exception {
        String first = accounts.resetOrCreate("demo", Role.ANALYST, "demo");
        String second = accounts.resetOrCreate("demo", Role.ANALYST, "demo");
        assertThat(second).isNotEqualTo(first);
        assertThat(accounts.authenticate("demo", first.toCharArray())).isEmpty();
        assertThat(accounts.authenticate("demo", second.toCharArray())).isPresent();
    }

    @Test
    void everyChangeIsAudited() throws Exception {
        accounts.add("root", Role.ADMIN, PASSWORD, "cli:ops");
        accounts.add("alice", Role.VIEWER, PASSWORD, "cli:ops");
        accounts.changePassword("alice", "another long password".toCharArray(), "cli:ops");
        accounts.remove("alice", "root");
        assertThat(audit.page(null, 10)).extracting(e -> e.actor() + " " + e.action() + " " + e.target()).containsExactly(
                "root account.remove alice", "cli:ops account.passwd alice", "cli:ops account.add alice",
                "cli:ops account.add root");
        assertThat(audit.page(null, 10).getLast().details().path("role").asText()).isEqualTo("admin");
    }

    private String storedHash() throws Exception {
        try (var c = state.connection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT password_hash FROM account")) {
            r.next();
            return r.getString(1);
        }
    }
}
