package dev.sluice.controlplane.releases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One versioned build of a track moving through the environments of the release path, a stage per
 * environment.
 *
 * @param sequence creation order; a higher one is a newer release
 * @param requiresInfrastructure an application release's minimum infrastructure release (its version)
 * @param rollbackOf for a rollback: the release it rolled back from (the one that was current)
 * @param supersededBy the newer release of the track that replaced this one
 */
public record Release(
        String id,
        long sequence,
        ReleaseTrack track,
        String version,
        String commit,
        ReleaseStatus status,
        String requestedBy,
        Optional<String> requestedById,
        Artifacts artifacts,
        Optional<String> requiresInfrastructure,
        Optional<String> rollbackOf,
        Optional<String> supersededBy,
        Optional<String> failureReason,
        Instant created,
        Optional<Instant> finished,
        List<Stage> stages) {

    /**
     * What the release pins, by SHA-256 (hex).
     *
     * @param parametersDigest the stack's parameters per environment; empty to use the configured files
     * @param glueJobJarKey where the jar is published in each environment's assets bucket
     */
    public record Artifacts(
            String templateDigest,
            Optional<String> parametersDigest,
            Optional<String> glueJobJarDigest,
            Optional<String> glueJobJarKey) {}

    /** The gates of a stage: an approver before applying, a smoke run after it. */
    public record Gate(boolean approval, boolean smokeCheck) {}

    /**
     * The release in one environment.
     *
     * @param deploymentId the deployment that plans and applies it there
     * @param message why it waits or failed
     * @param smokeObject the sample file the smoke check uploaded
     */
    public record Stage(
            String environment,
            int position,
            StageStatus status,
            Gate gate,
            Optional<String> deploymentId,
            Optional<String> approvedBy,
            Optional<Instant> decided,
            Optional<String> smokeObject,
            Optional<String> message,
            Optional<Instant> started,
            Optional<Instant> finished) {}

    /** The first stage that has not succeeded; empty when every one has. */
    public Optional<Stage> currentStage() {
        return stages.stream().filter(s -> s.status() != StageStatus.SUCCEEDED).findFirst();
    }
}
