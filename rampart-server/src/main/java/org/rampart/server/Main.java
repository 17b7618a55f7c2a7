package org.rampart.server;

import org.rampart.server.cli.RampartCommand;
import picocli.CommandLine;

/** Rampart's entry point; {@code ./rampart} at the repository root calls it after building. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new RampartCommand());
        // A mistake of the user's is said in one line; a stack trace is only for what is Rampart's fault.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("rampart " + commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
