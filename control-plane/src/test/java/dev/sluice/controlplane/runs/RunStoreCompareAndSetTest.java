package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.SliceDatabase;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The run's compare-and-set against a real database: a copy read before another save loses. */
class RunStoreCompareAndSetTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aStaleCopyLosesAndTheFreshOneWins(SliceDatabase database) {
        RunStore store = new RunStore(JdbcClient.create(database.create().dataSource()));
        Run created = store.create("default", "sluice-local", 3, 2, 10, NOW);
        Run mine = store.find(created.id()).orElseThrow();
        Run theirs = store.find(created.id()).orElseThrow();

        assertThat(store.save(mine, mine.withStatus(RunStatus.STARTING, NOW), "start", NOW))
                .isTrue();
        assertThat(store.save(theirs, theirs.withStatus(RunStatus.STARTING, NOW), "start too", NOW))
                .as("the other replica read it QUEUED before the first save")
                .isFalse();

        Run fresh = store.find(created.id()).orElseThrow();
        assertThat(fresh.status()).isEqualTo(RunStatus.STARTING);
        assertThat(store.save(fresh, fresh.withStatus(RunStatus.RUNNING, NOW).withJob("jr-1", "s3://m"), "ran", NOW))
                .isTrue();
        assertThat(store.find(created.id()).orElseThrow().jobRunId()).isEqualTo("jr-1");
        assertThat(store.transitions(created.id()))
                .extracting(RunTransition::to)
                .containsExactly(RunStatus.QUEUED, RunStatus.STARTING, RunStatus.RUNNING);
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aStaleCopyOfAnEarlierAttemptLoses(SliceDatabase database) {
        RunStore store = new RunStore(JdbcClient.create(database.create().dataSource()));
        Run run = store.create("default", "sluice-local", 3, 1, 1, NOW);
        Run started = run.withStatus(RunStatus.STARTING, NOW);
        store.save(run, started, "start", NOW);
        Run running = started.withStatus(RunStatus.RUNNING, NOW);
        store.save(started, running, "ran", NOW);
        Run failed = running.withStatus(RunStatus.FAILED, NOW);
        store.save(running, failed, "failed", NOW);
        Run stale = store.find(run.id()).orElseThrow();
        assertThat(store.save(failed, failed.nextAttempt(NOW, NOW), "retry", NOW))
                .isTrue();

        assertThat(store.save(stale, stale.nextAttempt(NOW, NOW), "retry again", NOW))
                .as("FAILED attempt 1 is gone: the run is QUEUED attempt 2")
                .isFalse();
        assertThat(store.find(run.id()).orElseThrow().attempt()).isEqualTo(2);
    }
}
