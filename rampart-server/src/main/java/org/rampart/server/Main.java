package org.rampart.server;

import org.rampart.server.cli.RampartCommand;
import picocli.CommandLine;

/** Rampart's entry point; {@code ./rampart} at the repository root calls it after building. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new RampartCommand()).execute(args));
    }
}
