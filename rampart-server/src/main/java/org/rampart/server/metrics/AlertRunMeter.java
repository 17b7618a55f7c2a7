package org.rampart.server.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Times each alert run, scheduled or run now, per alert and result ({@code rampart_alert_run_seconds{alert, result}},
 * result {@code fired}, {@code quiet} or {@code failed}), and counts the alerts the runs saved
 * ({@code rampart_alert_raised_total{alert}}). Alert names come from the schedule and the installed alerts, a bounded set.
 */
public final class AlertRunMeter {
    /** A run that returns what it saved and may throw {@code E}. */
    @FunctionalInterface
    public interface Run<T, E extends Exception> {
        List<T> call() throws E;
    }

    private final MeterRegistry registry;

    public AlertRunMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code runs}, each run measured. */
    public Function<String, Callable<List<ObjectNode>>> timed(Function<String, Callable<List<ObjectNode>>> runs) {
        return name -> {
            Callable<List<ObjectNode>> run = runs.apply(name);
            return run == null ? null : () -> measure(name, run::call);
        };
    }

    /** Runs the alert {@code name} and measures the run. */
    public <T, E extends Exception> List<T> measure(String name, Run<T, E> run) throws E {
        long started = System.nanoTime();
        String result = "failed";
        try {
            List<T> saved = run.call();
            result = saved.isEmpty() ? "quiet" : "fired";
            Counter.builder("rampart.alert.raised").description("alerts saved by alert runs").tag("alert", name)
                    .register(registry).increment(saved.size());
            return saved;
        } finally {
            Timer.builder("rampart.alert.run").description("alert runs by result").tag("alert", name).tag("result", result)
                    .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
