package dev.sluice.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.controlplane.support.TestClock;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.CannotCreateTransactionException;

class ScheduledPassErrorsTest {

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(ScheduledPassErrors.class);
    final ScheduledPassErrors errors = new ScheduledPassErrors(Duration.ofSeconds(30), clock);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aMinuteWithoutTheDatabaseIsOneWarningPerPassAndIntervalWithoutAStackTrace() {
        for (int second = 0; second < 60; second++) {
            errors.handleError(Passes.tracker());
            errors.handleError(Passes.conductor());
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(lines.list).hasSize(4).allMatch(line -> line.getLevel() == Level.WARN);
        assertThat(lines.list).allMatch(line -> line.getThrowableProxy() == null);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("Scheduled pass Tracker.poll could not reach the database"
                        + " (SQLTransientConnectionException: Connection is not available); 1 failed passes since"
                        + " the last warning, it runs again at its next interval");
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("Scheduled pass ReleaseConductor.tick ");
        assertThat(lines.list.get(2).getFormattedMessage()).contains("; 30 failed passes since the last warning");
    }

    @Test
    void anythingElseIsABugAndKeepsItsStackTrace() {
        errors.handleError(new IllegalStateException("bug"));
        errors.handleError(new IllegalStateException("bug"));

        assertThat(lines.list).hasSize(2).allMatch(line -> line.getLevel() == Level.ERROR);
        assertThat(lines.list.get(0).getThrowableProxy().getMessage()).isEqualTo("bug");
    }

    /** Failures as a scheduler sees them: the pass deepest, the repository it called above it. */
    static final class Passes {
        static RuntimeException tracker() {
            return outage(
                    "dev.sluice.controlplane.runs.RunStore",
                    "leaseActive",
                    "dev.sluice.controlplane.runs.Tracker",
                    "poll");
        }

        static RuntimeException conductor() {
            return outage(
                    "dev.sluice.controlplane.releases.ReleaseRepository$$SpringCGLIB$$0",
                    "running",
                    "dev.sluice.controlplane.releases.ReleaseConductor",
                    "tick");
        }

        private static RuntimeException outage(String calledType, String called, String passType, String pass) {
            RuntimeException failure = new CannotCreateTransactionException(
                    "Could not open JDBC Connection",
                    new SQLTransientConnectionException("Connection is not available"));
            failure.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("com.zaxxer.hikari.pool.HikariPool", "getConnection", null, 1),
                new StackTraceElement(calledType, called, null, 1),
                new StackTraceElement(passType, pass, null, 1),
                new StackTraceElement("org.springframework.scheduling.support.ScheduledMethodRunnable", "run", null, 1),
                new StackTraceElement("java.lang.Thread", "run", null, 1)
            });
            return failure;
        }
    }
}
