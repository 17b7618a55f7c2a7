package org.rampart.alerts.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertLibrary;
import org.rampart.alerts.AlertTask;
import org.rampart.query.StoredDocument;

/** Connects the scheduler to alerts: finds an alert by its schedule name and runs it in an environment. */
public final class AlertRuns {

    private AlertRuns() {}

    /** Told each time a scheduled alert has run, e.g. to publish it on the REST API's live stream. */
    @FunctionalInterface
    public interface RunListener {
        RunListener NONE = (name, alerts, error) -> { };

        /**
         * @param alerts how many alerts the run saved
         * @param error  why the run failed, null when it did not
         */
        void ran(String name, int alerts, String error);
    }

    /** {@code runs}, telling {@code listener} when each run ends. */
    public static Function<String, Callable<List<ObjectNode>>> observed(Function<String, Callable<List<ObjectNode>>> runs,
            RunListener listener) {
        return name -> {
            Callable<List<ObjectNode>> run = runs.apply(name);
            if (run == null) {
                return null;
            }
            return () -> {
                try {
                    List<ObjectNode> saved = run.call();
                    listener.ran(name, saved.size(), null);
                    return saved;
                } catch (Exception e) {
                    listener.ran(name, 0, String.valueOf(e.getMessage()));
                    throw e;
                }
            };
        };
    }

    /**
     * Resolves names as {@code alerts.yml} writes them: MozDef's {@code module.Class} (or the bare classname)
     * from the installed alert library, or the classname of one of {@code extra} (e.g. the generic rules,
     * {@code AlertGenericLoader:<rule>}). Each name gets its own alert instance; a run returns the saved alerts.
     */
    public static Function<String, Callable<List<ObjectNode>>> in(AlertEnvironment environment,
            List<? extends AlertTask> extra) {
        Map<String, AlertTask> byName = new LinkedHashMap<>();
        extra.forEach(task -> byName.put(task.classname(), task));
        return name -> {
            AlertTask task = byName.containsKey(name) ? byName.get(name) : AlertLibrary.create(name).orElse(null);
            if (task == null) {
                return null;
            }
            return () -> task.run(environment).stream().map(StoredDocument::source).toList();
        };
    }
}
