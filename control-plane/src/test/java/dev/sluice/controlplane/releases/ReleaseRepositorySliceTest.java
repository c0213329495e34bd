package dev.sluice.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.security.Caller;
import dev.sluice.controlplane.support.SliceDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The release repository against a real database: a stage's compare-and-set on its row version,
 * and the number of queries a list of releases takes.
 */
class ReleaseRepositorySliceTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String TEMPLATE = "a".repeat(64);

    SliceDatabase.CountingDataSource db;
    ReleaseRepository repository;

    void open(SliceDatabase database) {
        db = database.create();
        // The deployment service is only asked by appliedIn, which these tests leave alone.
        repository = new ReleaseRepository(JdbcClient.create(db.dataSource()), null, Clock.fixed(NOW, ZoneOffset.UTC));
        repository.storeDocument(TEMPLATE, "{}");
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aStaleStageInTheSameStatusLosesAndTheFreshOneWins(SliceDatabase database) {
        open(database);
        insert("r-1");
        Release.Stage mine = repository.stage("r-1", 0).orElseThrow();
        Release.Stage theirs = repository.stage("r-1", 0).orElseThrow();

        assertThat(repository.saveStage("r-1", mine, mine.withMessage("waiting: the stack is busy")))
                .isTrue();
        // Both copies say PENDING: only the version tells that "theirs" missed the note.
        assertThat(repository.saveStage(
                        "r-1", theirs, theirs.to(StageStatus.DEPLOYING, NOW).withDeployment("d-9")))
                .isFalse();

        Release.Stage fresh = repository.stage("r-1", 0).orElseThrow();
        assertThat(fresh.message()).contains("waiting: the stack is busy");
        assertThat(fresh.deploymentId()).isEmpty();
        assertThat(repository.saveStage(
                        "r-1",
                        fresh,
                        fresh.to(StageStatus.DEPLOYING, NOW)
                                .withDeployment("d-1")
                                .withMessage(Optional.empty())))
                .isTrue();

        Release.Stage deploying = repository.get("r-1").stages().get(0);
        assertThat(deploying.status()).isEqualTo(StageStatus.DEPLOYING);
        assertThat(deploying.deploymentId()).contains("d-1");
        assertThat(deploying.message()).isEmpty();
        assertThat(deploying.started()).contains(NOW);
        assertThat(deploying.version()).isEqualTo(fresh.version() + 1);
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void anUpdateAppliesToTheStoredStageOnlyInTheExpectedStatus(SliceDatabase database) {
        open(database);
        insert("r-2");
        assertThat(repository.updateStage("r-2", 0, StageStatus.DEPLOYING, (s, now) -> s.withMessage("x")))
                .isFalse();
        assertThat(repository.updateStage(
                        "r-2",
                        0,
                        StageStatus.PENDING,
                        (s, now) -> s.to(StageStatus.DEPLOYING, now).withDeployment("d-2")))
                .isTrue();
        assertThat(repository.updateStage(
                        "r-2",
                        0,
                        StageStatus.DEPLOYING,
                        (s, now) -> s.to(StageStatus.AWAITING_APPROVAL, now).decidedBy("bob", now)))
                .isTrue();
        assertThat(repository.get("r-2").stages().get(0).decided()).contains(NOW);
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void finishingAReleaseEndsItsStagesThatNeverStartedAndMovesTheirVersion(SliceDatabase database) {
        open(database);
        insert("r-3");
        Release.Stage before = repository.stage("r-3", 1).orElseThrow();
        assertThat(repository.finish("r-3", ReleaseStatus.FAILED, "prod: no")).isTrue();

        assertThat(repository.stage("r-3", 1).orElseThrow().status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(repository.saveStage("r-3", before, before.to(StageStatus.DEPLOYING, NOW)))
                .as("a copy read before the release ended")
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aListOfReleasesLoadsTheirStagesInOneQuery(SliceDatabase database) {
        open(database);
        for (int i = 0; i < 5; i++) {
            insert("r-" + i);
        }

        db.reset();
        List<Release> listed = repository.list(Optional.empty(), 50);
        assertThat(db.statements()).as("releases, then all their stages").isEqualTo(2);
        assertThat(listed)
                .hasSize(5)
                .allSatisfy(r -> assertThat(r.stages())
                        .extracting(Release.Stage::environment)
                        .containsExactly("dev", "prod"));
        assertThat(listed).extracting(Release::id).containsExactly("r-4", "r-3", "r-2", "r-1", "r-0");

        db.reset();
        assertThat(repository.running()).hasSize(5);
        assertThat(db.statements()).isEqualTo(2);

        db.reset();
        assertThat(repository.runningOlderThan(ReleaseTrack.APPLICATION, Long.MAX_VALUE))
                .hasSize(5);
        assertThat(db.statements()).isEqualTo(2);

        db.reset();
        assertThat(repository.get("r-2").stages()).hasSize(2);
        assertThat(db.statements()).isEqualTo(2);
    }

    void insert(String id) {
        repository.insert(new ReleaseRepository.NewRelease(
                id,
                ReleaseTrack.APPLICATION,
                "1.0." + id,
                "c0ffee",
                Optional.empty(),
                new Caller("token#1", "alice"),
                TEMPLATE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(
                        new ReleaseRepository.NewStage("dev", new Release.Gate(false, false)),
                        new ReleaseRepository.NewStage("prod", new Release.Gate(true, true)))));
    }
}
