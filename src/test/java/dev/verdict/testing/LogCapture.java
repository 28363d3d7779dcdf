package dev.verdict.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What the server logs while a test runs, as {@code verdict serve} would log it: every logback event,
 * with the web framework's java.util.logging bridged in (as the CLI does at start).
 */
public final class LogCapture implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root;
    private final Logger debugged;
    private final Level debuggedLevel;
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    };

    private LogCapture(String debugLogger) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        debugged = context.getLogger(debugLogger);
        debuggedLevel = debugged.getLevel();
        debugged.setLevel(Level.DEBUG);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    /** Starts capturing, with {@code debugLogger} (and its children) at DEBUG so its debug lines are seen too. */
    public static LogCapture start(String debugLogger) {
        return new LogCapture(debugLogger);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Every event at WARN or above, and every event carrying a stack trace, as readable lines. */
    public List<String> problems() {
        return events.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]"))
                .toList();
    }

    /** The first event matching {@code condition}, waiting for it at most 20 s. */
    public ILoggingEvent await(Predicate<ILoggingEvent> condition, String what) throws InterruptedException {
        return Poll.atMost(Duration.ofSeconds(20)).until(() -> events.stream().filter(condition).findFirst(),
                () -> what + "; logged: " + events.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        debugged.setLevel(debuggedLevel);
    }
}
