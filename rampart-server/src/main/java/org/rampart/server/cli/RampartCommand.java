package org.rampart.server.cli;

import picocli.CommandLine.Command;

/** The {@code rampart} command and its subcommands. */
@Command(name = "rampart", mixinStandardHelpOptions = true, version = "Rampart 0.1.0",
        description = "Security events in, alerts out: a MozDef-compatible SIEM.",
        subcommands = {RunCommand.class, DemoCommand.class, SearchCommand.class,
                AlertCommand.class, NewAlertCommand.class, PluginsCommand.class, UserCommand.class,
                SnapshotCommand.class})
public final class RampartCommand {}
