package dev.sluice.controlplane.deploy;

import static dev.sluice.controlplane.deploy.DeploymentStatus.APPROVED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.AWAITING_APPROVAL;
import static dev.sluice.controlplane.deploy.DeploymentStatus.CANCELLED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.CONTINUING_ROLLBACK;
import static dev.sluice.controlplane.deploy.DeploymentStatus.EXECUTING;
import static dev.sluice.controlplane.deploy.DeploymentStatus.FAILED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.NO_CHANGES;
import static dev.sluice.controlplane.deploy.DeploymentStatus.PLANNED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.PLANNING;
import static dev.sluice.controlplane.deploy.DeploymentStatus.QUEUED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.REJECTED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.ROLLBACK_FAILED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The deployment state machine: every allowed move, a refused one, and what a move records. */
class DeploymentTransitionsTest {

    static final Map<DeploymentStatus, Set<DeploymentStatus>> ALLOWED = Map.ofEntries(
            Map.entry(QUEUED, EnumSet.of(PLANNING, CANCELLED, FAILED)),
            Map.entry(PLANNING, EnumSet.of(PLANNED, NO_CHANGES, AWAITING_APPROVAL, APPROVED, FAILED)),
            Map.entry(AWAITING_APPROVAL, EnumSet.of(APPROVED, REJECTED, CANCELLED, FAILED)),
            Map.entry(APPROVED, EnumSet.of(EXECUTING, FAILED)),
            Map.entry(EXECUTING, EnumSet.of(SUCCEEDED, FAILED, ROLLBACK_FAILED)),
            Map.entry(ROLLBACK_FAILED, EnumSet.of(CONTINUING_ROLLBACK, FAILED)),
            Map.entry(CONTINUING_ROLLBACK, EnumSet.of(SUCCEEDED, FAILED, ROLLBACK_FAILED)),
            Map.entry(PLANNED, EnumSet.noneOf(DeploymentStatus.class)),
            Map.entry(NO_CHANGES, EnumSet.noneOf(DeploymentStatus.class)),
            Map.entry(SUCCEEDED, EnumSet.noneOf(DeploymentStatus.class)),
            Map.entry(FAILED, EnumSet.noneOf(DeploymentStatus.class)),
            Map.entry(REJECTED, EnumSet.noneOf(DeploymentStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(DeploymentStatus.class)));

    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");

    @Test
    void theTableAllowsExactlyTheListedMoves() {
        assertThat(ALLOWED).hasSize(DeploymentStatus.values().length);
        for (DeploymentStatus from : DeploymentStatus.values()) {
            for (DeploymentStatus to : DeploymentStatus.values()) {
                assertThat(from.canMoveTo(to))
                        .as(from + " -> " + to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void everyAllowedMoveMakesADeploymentInTheNewStatus() {
        ALLOWED.forEach((from, successors) -> successors.forEach(
                to -> assertThat(deployment(from).to(to, NOW).status()).isEqualTo(to)));
    }

    @Test
    void onlyATerminalStatusEndsTheTable() {
        for (DeploymentStatus status : DeploymentStatus.values()) {
            assertThat(ALLOWED.get(status).isEmpty()).as(status.name()).isEqualTo(status.isTerminal());
        }
    }

    @Test
    void aRefusedMoveNamesTheDeploymentAndBothStates() {
        assertThatThrownBy(() -> deployment(SUCCEEDED).to(PLANNING, NOW))
                .isInstanceOf(IllegalDeploymentTransitionException.class)
                .hasMessage("deployment d-1 cannot go from SUCCEEDED to PLANNING");
        assertThatThrownBy(() -> deployment(QUEUED).to(EXECUTING, NOW))
                .hasMessage("deployment d-1 cannot go from QUEUED to EXECUTING");
    }

    @Test
    void stayingInAStatusIsANoteEvenWhenTerminal() {
        Deployment noted =
                deployment(REJECTED).noting(Optional.of("change set kept")).to(REJECTED, NOW);
        assertThat(noted.status()).isEqualTo(REJECTED);
        assertThat(noted.outcome().warning()).contains("change set kept");
        assertThat(noted.timings().finished()).isEmpty();
    }

    @Test
    void eachMoveRecordsTheTimeOfItsStep() {
        Deployment awaiting = deployment(PLANNING).to(AWAITING_APPROVAL, NOW);
        assertThat(awaiting.timings().planned()).contains(NOW);
        assertThat(awaiting.timings().finished()).isEmpty();

        Instant later = NOW.plusSeconds(60);
        Deployment approved = awaiting.to(APPROVED, later).decidedBy("bob", later);
        assertThat(approved.approvedBy()).contains("bob");
        assertThat(approved.timings().decided()).contains(later);
        assertThat(approved.timings().planned()).contains(NOW);

        Deployment executing = approved.to(EXECUTING, later.plusSeconds(1));
        assertThat(executing.timings().started()).contains(later.plusSeconds(1));
        Deployment done = executing.to(SUCCEEDED, later.plusSeconds(9));
        assertThat(done.timings().started()).contains(later.plusSeconds(1));
        assertThat(done.timings().finished()).contains(later.plusSeconds(9));
        assertThat(done.timings().created()).isEqualTo(CREATED);
    }

    @Test
    void aFailureKeepsTheResourceFoundBeforeUnlessItNamesOne() {
        Deployment stuck = deployment(EXECUTING)
                .to(ROLLBACK_FAILED, NOW)
                .failedAt(Optional.of("Bucket"), "Bucket could not be deleted");
        Deployment failed = stuck.to(CONTINUING_ROLLBACK, NOW).to(FAILED, NOW).failedBecause("gave up");
        assertThat(failed.outcome().failedResource()).contains("Bucket");
        assertThat(failed.outcome().failureReason()).contains("gave up");
        assertThat(failed.failedAt(Optional.empty(), "other").outcome().failedResource())
                .isEmpty();
    }

    @Test
    void aMissingWarningKeepsTheEarlierOne() {
        Deployment warned = deployment(PLANNING).noting(Optional.of("deleted first"));
        assertThat(warned.noting(Optional.empty()).outcome().warning()).contains("deleted first");
        assertThat(warned.noting(Optional.of("newer")).outcome().warning()).contains("newer");
    }

    @Test
    void aSavedValueIsOneVersionLater() {
        Deployment d = deployment(PLANNING);
        assertThat(d.to(FAILED, NOW).saved().version()).isEqualTo(d.version() + 1);
    }

    @Test
    void theRowVersionAndEventCursorStayOutOfTheAnswer() {
        String json = JsonMapper.builder().build().writeValueAsString(deployment(PLANNING));
        assertThat(json).contains("\"status\":\"PLANNING\"").doesNotContain("version", "eventsAfter");
    }

    static Deployment deployment(DeploymentStatus status) {
        return new Deployment(
                "d-1",
                status,
                new Deployment.Request(
                        "prod",
                        StackKind.APPLICATION,
                        "sluice-prod-application",
                        DeploymentAction.APPLY,
                        "alice",
                        Optional.of("token#1"),
                        Optional.empty(),
                        Optional.empty(),
                        false),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                new Deployment.Outcome(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                new Deployment.Timings(CREATED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(),
                3);
    }
}
