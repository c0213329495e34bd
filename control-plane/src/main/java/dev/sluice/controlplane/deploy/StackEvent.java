package dev.sluice.controlplane.deploy;

import java.time.Instant;
import java.util.Optional;

/** One CloudFormation stack event, as recorded while following a deployment. */
public record StackEvent(
        String eventId,
        Instant occurredAt,
        String logicalId,
        Optional<String> physicalId,
        Optional<String> resourceType,
        String status,
        Optional<String> reason) {

    boolean isFailure() {
        return status.endsWith("_FAILED");
    }

    boolean isStackLevel() {
        return resourceType.map("AWS::CloudFormation::Stack"::equals).orElse(false);
    }
}
