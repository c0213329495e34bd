package dev.sluice.controlplane.releases;

import static dev.sluice.controlplane.releases.StageStatus.APPLYING;
import static dev.sluice.controlplane.releases.StageStatus.AWAITING_APPROVAL;
import static dev.sluice.controlplane.releases.StageStatus.CANCELLED;
import static dev.sluice.controlplane.releases.StageStatus.DEPLOYING;
import static dev.sluice.controlplane.releases.StageStatus.FAILED;
import static dev.sluice.controlplane.releases.StageStatus.PENDING;
import static dev.sluice.controlplane.releases.StageStatus.REJECTED;
import static dev.sluice.controlplane.releases.StageStatus.SMOKE_CHECK;
import static dev.sluice.controlplane.releases.StageStatus.SUCCEEDED;
import static dev.sluice.controlplane.releases.StageStatus.SUPERSEDED;
import static dev.sluice.controlplane.releases.StageStatus.WAITING_FOR_INFRASTRUCTURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.deploy.DeploymentStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The release stage state machine: every allowed move, a refused one, and what a move records. */
class StageTransitionsTest {

    static final Map<StageStatus, Set<StageStatus>> ALLOWED = Map.ofEntries(
            Map.entry(
                    PENDING, EnumSet.of(PENDING, WAITING_FOR_INFRASTRUCTURE, DEPLOYING, FAILED, SUPERSEDED, CANCELLED)),
            Map.entry(
                    WAITING_FOR_INFRASTRUCTURE,
                    EnumSet.of(PENDING, WAITING_FOR_INFRASTRUCTURE, DEPLOYING, FAILED, SUPERSEDED, CANCELLED)),
            Map.entry(
                    DEPLOYING,
                    EnumSet.of(AWAITING_APPROVAL, APPLYING, SMOKE_CHECK, SUCCEEDED, FAILED, REJECTED, SUPERSEDED)),
            Map.entry(AWAITING_APPROVAL, EnumSet.of(APPLYING, SMOKE_CHECK, SUCCEEDED, FAILED, REJECTED, SUPERSEDED)),
            Map.entry(APPLYING, EnumSet.of(SMOKE_CHECK, SUCCEEDED, FAILED, SUPERSEDED)),
            Map.entry(SMOKE_CHECK, EnumSet.of(SUCCEEDED, FAILED)),
            Map.entry(SUCCEEDED, EnumSet.noneOf(StageStatus.class)),
            Map.entry(FAILED, EnumSet.noneOf(StageStatus.class)),
            Map.entry(REJECTED, EnumSet.noneOf(StageStatus.class)),
            Map.entry(SUPERSEDED, EnumSet.noneOf(StageStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(StageStatus.class)));

    static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");

    @Test
    void theTableAllowsExactlyTheListedMoves() {
        assertThat(ALLOWED).hasSize(StageStatus.values().length);
        for (StageStatus from : StageStatus.values()) {
            for (StageStatus to : StageStatus.values()) {
                assertThat(from.canMoveTo(to))
                        .as(from + " -> " + to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void everyAllowedMoveMakesAStageInTheNewStatus() {
        ALLOWED.forEach((from, successors) -> successors.forEach(
                to -> assertThat(stage(from).to(to, NOW).status()).isEqualTo(to)));
    }

    @Test
    void everyStageTheConductorMapsADeploymentToIsReachableFromDeploying() {
        for (DeploymentStatus status : DeploymentStatus.values()) {
            for (boolean smoke : new boolean[] {false, true}) {
                StageStatus target = ReleaseConductor.stageFor(status, smoke, true);
                assertThat(target == DEPLOYING || DEPLOYING.canMoveTo(target))
                        .as(status + " -> " + target)
                        .isTrue();
            }
        }
    }

    @Test
    void aRefusedMoveNamesTheStageAndBothStates() {
        assertThatThrownBy(() -> stage(SUCCEEDED).to(DEPLOYING, NOW))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessage("the prod stage cannot go from SUCCEEDED to DEPLOYING");
        assertThatThrownBy(() -> stage(SMOKE_CHECK).to(APPLYING, NOW))
                .hasMessage("the prod stage cannot go from SMOKE_CHECK to APPLYING");
    }

    @Test
    void aStageStartsWhenItLeavesWaitingAndFinishesAtItsEnd() {
        Release.Stage waiting = stage(PENDING).to(WAITING_FOR_INFRASTRUCTURE, NOW);
        assertThat(waiting.started()).isEmpty();
        Release.Stage deploying = waiting.to(DEPLOYING, NOW).withDeployment("d-1");
        assertThat(deploying.started()).contains(NOW);
        assertThat(deploying.deploymentId()).contains("d-1");
        Release.Stage done = deploying.to(APPLYING, NOW.plusSeconds(5)).to(SUCCEEDED, NOW.plusSeconds(9));
        assertThat(done.started()).as("the first start stays").contains(NOW);
        assertThat(done.finished()).contains(NOW.plusSeconds(9));
    }

    @Test
    void theFirstDecisionTimeStays() {
        Release.Stage decided = stage(AWAITING_APPROVAL).decidedBy("bob", NOW);
        assertThat(decided.decidedBy("bob", NOW.plusSeconds(30)).decided()).contains(NOW);
        assertThat(decided.approvedBy()).contains("bob");
    }

    @Test
    void anEmptyMessageClearsIt() {
        Release.Stage noted = stage(PENDING).withMessage("waiting: busy");
        assertThat(noted.message()).contains("waiting: busy");
        assertThat(noted.withMessage(Optional.empty()).message()).isEmpty();
    }

    @Test
    void theRowVersionStaysOutOfTheAnswer() {
        String json = JsonMapper.builder().build().writeValueAsString(stage(PENDING));
        assertThat(json).contains("\"environment\":\"prod\"").doesNotContain("version");
    }

    static Release.Stage stage(StageStatus status) {
        return new Release.Stage(
                "prod",
                1,
                status,
                new Release.Gate(true, false),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0);
    }
}
