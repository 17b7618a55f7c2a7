package org.rampart.server.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;
import org.rampart.event.extension.Extensions;
import org.rampart.event.extension.Registered;
import org.rampart.pipeline.EventPlugin;
import org.rampart.server.extensions.ConfiguredExtensions;
import org.rampart.server.extensions.ExtensionKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rampart plugins}: every extension the registry finds, by kind, with where it came from. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every extension by kind (event plugins, alert plugins, alert actions, REST plugins, stores):"
                + " its name, where it came from (bundled, or the drop-in jar), and for plugins their registration and"
                + " priority. Drop-in jars go in <extensions.dir>/<kind folder>.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Extensions extensions = ConfiguredExtensions.of(config.load());
        for (ExtensionKind<?> kind : ExtensionKinds.ALL) {
            List<? extends Registered<?>> found = extensions.all(kind);
            System.out.println(kind.name() + "s (" + found.size() + "; drop-in jars in "
                    + extensions.folder(kind).orElseThrow() + ")");
            int width = found.stream().mapToInt(r -> r.name().length()).max().orElse(0);
            for (Registered<?> r : found) {
                System.out.printf("  %-" + width + "s  %s%s%n", TerminalText.oneLine(r.name()), TerminalText.oneLine(r.origin()),
                        TerminalText.oneLine(details(r.extension())));
            }
        }
        return 0;
    }

    /** What decides when an event plugin runs. */
    private static String details(Extension extension) {
        return extension instanceof EventPlugin p ? "  registration " + p.registration() + ", priority " + p.priority() : "";
    }
}
