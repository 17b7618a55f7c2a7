package org.rampart.intake.sqs;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import org.rampart.event.config.RampartConfig;
import org.rampart.intake.http.IntakeSink;

/** The SQS inputs {@code sqs.inputs} configures, started together and closed together. */
public final class SqsInputs implements Closeable {
    private final List<SqsInput> inputs;

    private SqsInputs(List<SqsInput> inputs) {
        this.inputs = inputs;
    }

    /** Starts one input per section of {@code sqs.inputs} (none when there is none). */
    public static SqsInputs start(RampartConfig config, IntakeSink sink, MeterRegistry registry, Clock clock) {
        List<SqsInputSettings> all = SqsInputSettings.all(config);
        List<SqsInput> started = new ArrayList<>(all.size());
        try {
            for (SqsInputSettings settings : all) {
                started.add(SqsInput.start(settings, sink, registry, clock));
            }
        } catch (RuntimeException e) {
            new SqsInputs(started).close();
            throw e;
        }
        return new SqsInputs(List.copyOf(started));
    }

    /** The running inputs, in configuration order. */
    public List<SqsInput> inputs() {
        return inputs;
    }

    @Override
    public void close() {
        for (SqsInput input : inputs) {
            try {
                input.close();
            } catch (IOException e) {
                // closing: the queue keeps what was not deleted
            }
        }
    }
}
