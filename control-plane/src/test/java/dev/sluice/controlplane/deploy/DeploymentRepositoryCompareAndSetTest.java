package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.security.Caller;
import dev.sluice.controlplane.support.SliceDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The deployment's compare-and-set on its row version against a real database. */
class DeploymentRepositoryCompareAndSetTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    final List<Object> published = new ArrayList<>();

    DeploymentRepository repository(SliceDatabase database) {
        return new DeploymentRepository(
                JdbcClient.create(database.create().dataSource()), published::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aStaleCopyInTheSameStatusLosesAndTheFreshOneWins(SliceDatabase database) {
        DeploymentRepository repository = repository(database);
        repository.insertClaimed(List.of(planning("d-1")));
        Deployment mine = repository.get("d-1");
        Deployment theirs = repository.get("d-1");

        Deployment.ChangeSet changeSet =
                new Deployment.ChangeSet("sluice-d-1", Optional.of("arn:cs"), Optional.of("CREATE"));
        assertThat(repository.save(mine, mine.withChangeSet(changeSet))).isTrue();
        // Both copies say PLANNING: only the version tells that "theirs" misses the change set.
        assertThat(repository.save(
                        theirs, theirs.to(DeploymentStatus.FAILED, NOW).failedBecause("late")))
                .isFalse();

        Deployment fresh = repository.get("d-1");
        assertThat(fresh.changeSet()).contains(changeSet);
        assertThat(fresh.version()).isEqualTo(mine.version() + 1);
        assertThat(repository.save(
                        fresh, fresh.to(DeploymentStatus.NO_CHANGES, NOW).planComplete(NOW)))
                .isTrue();

        Deployment ended = repository.get("d-1");
        assertThat(ended.status()).isEqualTo(DeploymentStatus.NO_CHANGES);
        assertThat(ended.changeSet()).contains(changeSet);
        assertThat(ended.outcome().failureReason()).isEmpty();
        assertThat(ended.timings().finished()).contains(NOW);
        assertThat(repository.claimHolder("prod", StackKind.APPLICATION))
                .as("an ended deployment releases its stack")
                .isEmpty();
        assertThat(published)
                .containsExactly(
                        new DeploymentEnded("d-1", "prod", StackKind.APPLICATION, DeploymentStatus.NO_CHANGES));
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void anUpdateAppliesToTheStoredValueOnlyInTheExpectedStatus(SliceDatabase database) {
        DeploymentRepository repository = repository(database);
        repository.insertClaimed(List.of(planning("d-2")));

        assertThat(repository.update(
                        "d-2",
                        DeploymentStatus.AWAITING_APPROVAL,
                        (d, now) -> d.to(DeploymentStatus.APPROVED, now).decidedBy("bob", now)))
                .as("not awaiting approval")
                .isFalse();
        assertThat(repository.transition("d-2", DeploymentStatus.PLANNING, DeploymentStatus.AWAITING_APPROVAL))
                .isTrue();
        assertThat(repository.update(
                        "d-2",
                        DeploymentStatus.AWAITING_APPROVAL,
                        (d, now) -> d.to(DeploymentStatus.APPROVED, now).decidedBy("bob", now)))
                .isTrue();
        Deployment approved = repository.get("d-2");
        assertThat(approved.approvedBy()).contains("bob");
        assertThat(approved.timings().planned()).contains(NOW);
        assertThat(approved.timings().decided()).contains(NOW);
        assertThat(published).as("neither move ends the deployment").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SliceDatabase.class)
    void aRefusedMoveIsNeverWritten(SliceDatabase database) {
        DeploymentRepository repository = repository(database);
        repository.insertClaimed(List.of(planning("d-3")));
        Deployment d = repository.get("d-3");
        Deployment executing = new Deployment(
                d.id(),
                DeploymentStatus.EXECUTING,
                d.request(),
                d.approvedBy(),
                d.changeSet(),
                d.assetKey(),
                d.outcome(),
                d.timings(),
                d.eventsAfter(),
                d.version());

        assertThatThrownBy(() -> repository.save(d, executing))
                .hasMessage("deployment d-3 cannot go from PLANNING to EXECUTING");
        assertThat(repository.get("d-3").status()).isEqualTo(DeploymentStatus.PLANNING);
    }

    static DeploymentRepository.NewDeployment planning(String id) {
        return new DeploymentRepository.NewDeployment(
                id,
                "prod",
                StackKind.APPLICATION,
                "sluice-prod-application",
                DeploymentAction.APPLY,
                DeploymentStatus.PLANNING,
                new Caller("token#1", "alice"),
                Optional.empty());
    }
}
