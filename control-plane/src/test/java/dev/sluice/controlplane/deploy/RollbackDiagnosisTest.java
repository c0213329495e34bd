package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollbackDiagnosisTest {

    private final List<StackEvent> events = new ArrayList<>();

    @Test
    void theFirstFailureIsTheCauseNotTheResourcesCloudFormationCancelledBecauseOfIt() {
        stackEvent("CREATE_IN_PROGRESS", "User Initiated");
        resourceEvent("Topic", "CREATE_FAILED", "Resource creation cancelled");
        resourceEvent("Queue", "CREATE_FAILED", "Invalid value for the parameter VisibilityTimeout.");
        resourceEvent("Bucket", "CREATE_FAILED", "Bucket already exists");
        stackEvent("ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Queue, Bucket].");

        RollbackDiagnosis diagnosis = RollbackDiagnosis.of("d-1", "ROLLBACK_COMPLETE", events);

        assertThat(diagnosis.failedResource()).contains("Queue");
        assertThat(diagnosis.reason()).isEqualTo("Invalid value for the parameter VisibilityTimeout.");
        assertThat(diagnosis.remedy()).isEmpty();
    }

    @Test
    void withoutAFailedResourceTheStacksRollbackReasonIsTheCause() {
        stackEvent("UPDATE_IN_PROGRESS", "User Initiated");
        stackEvent("UPDATE_ROLLBACK_IN_PROGRESS", "Parameter validation failed: parameter value x does not exist");

        RollbackDiagnosis diagnosis = RollbackDiagnosis.of("d-1", "UPDATE_ROLLBACK_COMPLETE", events);

        assertThat(diagnosis.failedResource()).isEmpty();
        assertThat(diagnosis.reason()).startsWith("Parameter validation failed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Export dev-sluice-AssetsBucketName cannot be deleted as it is in use by sluice-dev-application",
                "Export dev-sluice-AssetsBucketName cannot be updated as it is in use by sluice-dev-application.",
                "Cannot delete export dev-sluice-AssetsBucketName as it is in use by sluice-dev-application",
            })
    void anExportInUseNamesTheExportAndTheImportingStack(String reason) {
        stackEvent("UPDATE_ROLLBACK_IN_PROGRESS", reason);

        RollbackDiagnosis diagnosis = RollbackDiagnosis.of("d-1", "UPDATE_ROLLBACK_COMPLETE", events);

        assertThat(RollbackDiagnosis.exportInUse(reason))
                .contains(new RollbackDiagnosis.ExportInUse("dev-sluice-AssetsBucketName", "sluice-dev-application"));
        assertThat(diagnosis.remedy().orElseThrow())
                .startsWith("Export dev-sluice-AssetsBucketName is in use by stack sluice-dev-application:");
    }

    @Test
    void updateRollbackFailedNamesTheResourcesThatCouldNotRollBackAndTheEndpoint() {
        stackEvent("UPDATE_IN_PROGRESS", "User Initiated");
        resourceEvent("ConvertJob", "UPDATE_FAILED", "not authorized");
        stackEvent("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [ConvertJob].");
        resourceEvent("JobLogGroup", "UPDATE_FAILED", "log group was deleted");
        resourceEvent("ConvertJob", "UPDATE_FAILED", "Entity Not Found");
        stackEvent("UPDATE_ROLLBACK_FAILED", "rollback failed");

        RollbackDiagnosis diagnosis = RollbackDiagnosis.of("d-7", "UPDATE_ROLLBACK_FAILED", events);

        assertThat(diagnosis.failedResource()).contains("ConvertJob");
        assertThat(diagnosis.reason()).isEqualTo("not authorized");
        assertThat(RollbackDiagnosis.resourcesThatFailedToRollBack(events))
                .containsExactly("JobLogGroup", "ConvertJob");
        assertThat(diagnosis.remedy().orElseThrow())
                .contains("POST /api/v1/deployments/d-7/continue-rollback")
                .contains("{\"resourcesToSkip\": [\"JobLogGroup\", \"ConvertJob\"]}");
    }

    @Test
    void preDeploymentValidationFindingsReplaceTheGenericStackReason() {
        stackEvent("CREATE_FAILED", "Validation failed with 1 error(s). Call DescribeEvents to retrieve the full list");
        stackEvent(
                "ROLLBACK_IN_PROGRESS", "Validation failure detected. See the operation's FAILED event for details.");

        RollbackDiagnosis diagnosis = RollbackDiagnosis.of(
                "d-1",
                "ROLLBACK_COMPLETE",
                events,
                List.of(new RollbackDiagnosis.ValidationFailure(
                        "AssetsBucket",
                        "/Resources/AssetsBucket",
                        "Resource of type 'AWS::S3::Bucket' with identifier 'x' already exists.")));

        assertThat(diagnosis.failedResource()).contains("AssetsBucket");
        assertThat(diagnosis.reason()).contains("pre-deployment validation failed: AssetsBucket: Resource of type");
        assertThat(diagnosis.remedy().orElseThrow()).contains("DeletionPolicy");
    }

    private void stackEvent(String status, String reason) {
        add("sluice-dev-application", "AWS::CloudFormation::Stack", status, reason);
    }

    private void resourceEvent(String logicalId, String status, String reason) {
        add(logicalId, "AWS::Glue::Job", status, reason);
    }

    private void add(String logicalId, String type, String status, String reason) {
        events.add(new StackEvent(
                "e" + events.size(),
                Instant.ofEpochSecond(events.size()),
                logicalId,
                Optional.empty(),
                Optional.of(type),
                status,
                Optional.ofNullable(reason)));
    }
}
