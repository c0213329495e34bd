package dev.sluice.controlplane.config;

import dev.sluice.controlplane.jdbc.DatabaseFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ErrorHandler;

/**
 * What a scheduled pass that threw leaves in the log. Passes run again at their next interval, so
 * a database that is gone for a minute would otherwise give every pass of every feature an ERROR
 * with a stack trace each second (26 in a 15 s outage on two replicas) and bury the cause: such a
 * failure is one warning per pass and interval, naming the cause, with the count since the last.
 * Anything else is a bug and keeps its stack trace.
 */
final class ScheduledPassErrors implements ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPassErrors.class);

    private final Duration interval;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastWarning = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> since = new ConcurrentHashMap<>();

    ScheduledPassErrors(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void handleError(Throwable failure) {
        if (!DatabaseFailures.isOutage(failure)) {
            log.error("Scheduled pass failed; it runs again at its next interval", failure);
            return;
        }
        String pass = pass(failure);
        long failures = since.computeIfAbsent(pass, p -> new AtomicLong()).incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastWarning.get(pass);
        if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
            return;
        }
        if (last == null ? lastWarning.putIfAbsent(pass, now) == null : lastWarning.replace(pass, last, now)) {
            since.get(pass).addAndGet(-failures);
            log.warn(
                    "Scheduled pass {} could not reach the database ({}); {} failed passes since the last"
                            + " warning, it runs again at its next interval",
                    pass,
                    DatabaseFailures.describe(failure),
                    failures);
        }
    }

    /** The scheduled method: the Sluice frame deepest in the stack of what the pass threw, {@code Class.method}. */
    static String pass(Throwable failure) {
        String pass = "unknown";
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("dev.sluice.") && !type.contains("$$")) {
                pass = type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
        }
        return pass;
    }
}
