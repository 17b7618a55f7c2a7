package org.rampart.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.rampart.event.config.RampartConfig;
import org.slf4j.LoggerFactory;

/**
 * The server's log format ({@code log.format}): {@code text}, one line per record on standard error as Rampart always
 * logged ({@code [thread] LEVEL logger - message}), or {@code json}, one JSON object per line (logback's
 * {@link JsonEncoder}) for a log collector. Logback finds this class as its configurator, so every command starts
 * with text on standard error (standard output stays for a command's own output); the server applies the key.
 */
public final class LogFormat extends ContextAwareBase implements Configurator {
    private static final String TEXT_PATTERN = "[%thread] %level %logger - %msg%n";

    /** Logback's start: text on standard error, INFO and above. */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, "text");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Switches to the format {@code log.format} names.
     *
     * @throws IllegalArgumentException for a format other than {@code text} or {@code json}
     */
    public static void apply(RampartConfig config) {
        String format = config.string("log.format").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("log.format (RAMPART_LOG_FORMAT) must be text or json, not '"
                    + config.string("log.format") + "'");
        }
        // Under another SLF4J backend (a module's tests) there is nothing of ours to switch.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context, format);
        }
    }

    private static void install(LoggerContext context, String format) {
        Encoder<ILoggingEvent> encoder = format.equals("json") ? json() : text();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(format);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    private static Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }

    /** Timestamp, level, thread, logger, message and its formatted text, the throwable; not logback's own bookkeeping. */
    private static Encoder<ILoggingEvent> json() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
