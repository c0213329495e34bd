package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.controlplane.support.TestClock;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    static final IngestListenerProperties PROPERTIES = new IngestListenerProperties(
            Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    static final Exception POOL_TIMEOUT = new CannotCreateTransactionException(
            "Could not open JDBC Connection",
            new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final DatabaseOutage outage = new DatabaseOutage(PROPERTIES, clock, logger());

    @Test
    void aFailoverOfFiveMinutesLogsOneWarningPerIntervalWithTheCauseAndNoStackTrace() {
        for (int second = 0; second < 300; second++) {
            for (int message = 0; message < 20; message++) {
                outage.deferred(outage.shouldTry() ? POOL_TIMEOUT : null);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        outage.committed();

        assertThat(lines.list).hasSize(1 + 300 / 30 - 1 + 1);
        assertThat(lines.list).allMatch(line -> line.getThrowableProxy() == null);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines.list.get(0).getFormattedMessage())
                .contains("SQLTransientConnectionException: HikariPool-1 - Connection is not available");
        assertThat(lines.list.get(lines.list.size() - 1).getFormattedMessage())
                .startsWith("Database available again after PT5M")
                .contains("6000 deferred");
    }

    @Test
    void whileTheOutageIsKnownOnlyOneDeliveryPerProbeIntervalTriesTheDatabase() {
        outage.deferred(POOL_TIMEOUT);
        int tried = 0;
        for (int i = 0; i < 100; i++) {
            tried += outage.shouldTry() ? 1 : 0;
        }
        assertThat(tried).isZero();
        clock.advance(Duration.ofSeconds(1));
        tried = 0;
        for (int i = 0; i < 100; i++) {
            tried += outage.shouldTry() ? 1 : 0;
        }
        assertThat(tried).isOne();
    }

    @Test
    void aMessageIsHiddenForTwiceTheOutageSoFarBetweenTheBounds() {
        assertThat(outage.deferred(POOL_TIMEOUT)).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(30));
        assertThat(outage.deferred(POOL_TIMEOUT)).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(600));
        assertThat(outage.deferred(POOL_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        outage.committed();
        assertThat(outage.deferred(POOL_TIMEOUT))
                .as("a new outage starts short")
                .isEqualTo(Duration.ofSeconds(10));
    }

    private Logger logger() {
        Logger logger = new LoggerContext().getLogger(DatabaseOutageTest.class);
        lines.start();
        logger.addAppender(lines);
        return logger;
    }
}
