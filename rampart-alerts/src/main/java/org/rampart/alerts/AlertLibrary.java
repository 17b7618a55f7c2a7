package org.rampart.alerts;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The alert classes on the class path, found by {@link ServiceLoader} ({@code META-INF/services/org.rampart.alerts.AlertTask})
 * and named by their MozDef classname; the bundled library registers itself the same way a drop-in jar does.
 */
public final class AlertLibrary {

    private AlertLibrary() {}

    /**
     * A fresh instance of the alert named {@code classname} ({@code AlertBruteforceSsh}) or by MozDef's
     * schedule key ({@code bruteforce_ssh.AlertBruteforceSsh}); empty when no such alert is installed.
     */
    public static Optional<AlertTask> create(String name) {
        String classname = name.substring(name.lastIndexOf('.') + 1);
        return ServiceLoader.load(AlertTask.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(alert -> alert.classname().equals(classname))
                .findFirst();
    }

    /** The classnames of every installed alert. */
    public static List<String> classnames() {
        return ServiceLoader.load(AlertTask.class).stream()
                .map(provider -> provider.get().classname())
                .sorted()
                .toList();
    }
}
