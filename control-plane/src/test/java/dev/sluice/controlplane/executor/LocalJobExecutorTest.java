package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How the embedded executor ends a job run that runs the heap out. The error is thrown by the
 * test's job: running a real conversion out of a shared test JVM's heap would take down the other
 * tests of the fork with it.
 */
class LocalJobExecutorTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LocalJobExecutor.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void aSimulatedOutOfMemoryErrorFailsTheRunForGoodAndIsLoggedAtError() {
        JobRunState state = LocalJobExecutor.outOfMemoryIsFinal(
                () -> {
                    throw new OutOfMemoryError("Java heap space");
                },
                request(41),
                "local-1");

        assertThat(state.phase()).isEqualTo(JobRunState.Phase.FAILED);
        assertThat(state.retryable()).as("another attempt would run out again").isFalse();
        assertThat(state.errorMessage())
                .contains("ran out of memory (Java heap space)")
                .contains("-Xmx");
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage())
                    .contains("Run 41")
                    .contains("local-1")
                    .contains("out of memory");
        });
    }

    @Test
    void aJobThatEndsIsReportedAsItEnded() {
        JobRunState done = new JobRunState(JobRunState.Phase.SUCCEEDED, null, null, null);
        assertThat(LocalJobExecutor.outOfMemoryIsFinal(() -> done, request(42), "local-2"))
                .isSameAs(done);
        assertThat(logged.list).isEmpty();
    }

    private static JobRequest request(long runId) {
        return new JobRequest(runId, 1, "sluice-local", "sluice-local/" + runId, null, null, null, null, "t");
    }
}
