package dev.sluice.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.DeploymentStatus;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a release stage stands for each status of the deployment it follows. */
class ConductorStageMappingTest {

    @Test
    void everyDeploymentStatusHasAStage() {
        Map<DeploymentStatus, StageStatus> plain = new EnumMap<>(DeploymentStatus.class);
        for (DeploymentStatus status : DeploymentStatus.values()) {
            plain.put(status, ReleaseConductor.stageFor(status, false, false));
        }
        assertThat(plain)
                .containsEntry(DeploymentStatus.QUEUED, StageStatus.DEPLOYING)
                .containsEntry(DeploymentStatus.PLANNING, StageStatus.DEPLOYING)
                .containsEntry(DeploymentStatus.AWAITING_APPROVAL, StageStatus.AWAITING_APPROVAL)
                .containsEntry(DeploymentStatus.APPROVED, StageStatus.APPLYING)
                .containsEntry(DeploymentStatus.EXECUTING, StageStatus.APPLYING)
                .containsEntry(DeploymentStatus.CONTINUING_ROLLBACK, StageStatus.APPLYING)
                .containsEntry(DeploymentStatus.SUCCEEDED, StageStatus.SUCCEEDED)
                .containsEntry(DeploymentStatus.NO_CHANGES, StageStatus.SUCCEEDED)
                .containsEntry(DeploymentStatus.REJECTED, StageStatus.REJECTED)
                .containsEntry(DeploymentStatus.CANCELLED, StageStatus.FAILED)
                .containsEntry(DeploymentStatus.FAILED, StageStatus.FAILED)
                .containsEntry(DeploymentStatus.PLANNED, StageStatus.FAILED)
                .containsEntry(DeploymentStatus.ROLLBACK_FAILED, StageStatus.FAILED)
                .hasSize(DeploymentStatus.values().length);
    }

    @Test
    void anAppliedDeploymentGoesToTheSmokeGateWhereTheStageHasOne() {
        assertThat(ReleaseConductor.stageFor(DeploymentStatus.SUCCEEDED, true, false))
                .isEqualTo(StageStatus.SMOKE_CHECK);
        assertThat(ReleaseConductor.stageFor(DeploymentStatus.NO_CHANGES, true, false))
                .isEqualTo(StageStatus.SMOKE_CHECK);
    }

    @Test
    void aCancelledDeploymentOfASupersededReleaseIsSupersededNotFailed() {
        assertThat(ReleaseConductor.stageFor(DeploymentStatus.CANCELLED, false, true))
                .isEqualTo(StageStatus.SUPERSEDED);
        assertThat(ReleaseConductor.stageFor(DeploymentStatus.FAILED, false, true))
                .isEqualTo(StageStatus.FAILED);
    }
}
