package org.rampart.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.state.StateConflictException;
import org.rampart.web.state.StateDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rampart user add|list|passwd|remove}: local accounts, edited in the state database with the server stopped
 * (H2 locks its file while the server runs). Passwords are read from the terminal, or one line from stdin when it is not
 * one; never from the command line, where other users and the shell history would see them.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage local accounts (run with the server stopped).",
        subcommands = {UserCommand.Add.class, UserCommand.ListAccounts.class, UserCommand.Passwd.class, UserCommand.Remove.class})
final class UserCommand {
    /** What every user subcommand shares: the configuration, the state database, errors as one line. */
    abstract static class AccountsCommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        abstract void run(Accounts accounts, String actor) throws SQLException, IOException;

        @Override
        public Integer call() throws IOException {
            RampartConfig cfg = config.load();
            try (StateDatabase state = StateDatabase.openEmbedded(DataLayout.of(cfg).state())) {
                Clock clock = Clock.systemUTC();
                run(new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock),
                        "cli:" + System.getProperty("user.name"));
                return 0;
            } catch (IllegalStateException | IllegalArgumentException | NoSuchElementException | StateConflictException e) {
                System.err.println("rampart user: " + e.getMessage());
                return 1;
            } catch (SQLException e) {
                System.err.println("rampart user: the state database failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account; asks for its password.")
    static final class Add extends AccountsCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Account name (1-64 of a-z 0-9 . _ @ -).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, analyst or admin.")
        String role;

        @Override
        void run(Accounts accounts, String actor) throws SQLException, IOException {
            Role r = Role.parse(role);
            char[] password = PasswordPrompt.read("password for " + name);
            try {
                Accounts.Account account = accounts.add(name, r, password, actor);
                System.out.println("rampart user: added " + account.name() + " (" + account.role().id() + ")");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts and their roles.")
    static final class ListAccounts extends AccountsCommand {
        @Override
        void run(Accounts accounts, String actor) throws SQLException {
            for (Accounts.Account a : accounts.list()) {
                System.out.printf("%-32s %-8s %s%n", a.name(), a.role().id(), a.created());
            }
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set an account's password; ends its login sessions.")
    static final class Passwd extends AccountsCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(Accounts accounts, String actor) throws SQLException, IOException {
            char[] password = PasswordPrompt.read("new password for " + name);
            try {
                accounts.changePassword(name, password, actor);
                System.out.println("rampart user: changed the password of " + Accounts.normalizeName(name));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account with its sessions and tokens (not the last admin).")
    static final class Remove extends AccountsCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(Accounts accounts, String actor) throws SQLException {
            accounts.remove(name, actor);
            System.out.println("rampart user: removed " + Accounts.normalizeName(name));
        }
    }

    /** A password from the terminal (typed twice, not echoed), or the first line of stdin when it is not a terminal. */
    static final class PasswordPrompt {
        private PasswordPrompt() {}

        static char[] read(String what) throws IOException {
            Console console = System.console();
            if (console == null) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("no " + what + " on stdin");
                }
                return line.toCharArray();
            }
            char[] first = console.readPassword("%s: ", what);
            char[] second = console.readPassword("again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            Arrays.fill(second, '\0');
            return first;
        }
    }
}
