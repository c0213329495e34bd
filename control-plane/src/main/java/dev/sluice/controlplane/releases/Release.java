package dev.sluice.controlplane.releases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
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
     * The release in one environment. Changes make new values: a status change goes through
     * {@link #to}, which refuses what {@link StageStatus} does not allow, and the repository saves
     * the new value only over the version it was made from.
     *
     * @param deploymentId the deployment that plans and applies it there
     * @param message why it waits or failed
     * @param smokeObject the sample file the smoke check uploaded
     * @param version the stored row's version, which a save compares and increments
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
            Optional<Instant> finished,
            @JsonIgnore long version) {

        /** What may be asked of the stage now: {@code approve} and {@code reject} at its gate; roles decide who may. */
        @JsonProperty("actions")
        public List<String> actions() {
            return status == StageStatus.AWAITING_APPROVAL ? List.of("approve", "reject") : List.of();
        }

        /**
         * The stage in {@code next}: it starts when it leaves waiting (PENDING, WAITING_FOR_INFRASTRUCTURE)
         * and finishes in a terminal status. Staying in the same status is a note.
         *
         * @throws IllegalStageTransitionException when the status table does not allow the move
         */
        Stage to(StageStatus next, Instant now) {
            if (next != status && !status.canMoveTo(next)) {
                throw new IllegalStageTransitionException(environment, status, next);
            }
            boolean waiting = next == StageStatus.PENDING || next == StageStatus.WAITING_FOR_INFRASTRUCTURE;
            Optional<Instant> start = waiting ? started : started.or(() -> Optional.of(now));
            Optional<Instant> end = next.isTerminal() ? Optional.of(now) : finished;
            return new Stage(
                    environment,
                    position,
                    next,
                    gate,
                    deploymentId,
                    approvedBy,
                    decided,
                    smokeObject,
                    message,
                    start,
                    end,
                    version);
        }

        Stage withDeployment(String id) {
            return new Stage(
                    environment,
                    position,
                    status,
                    gate,
                    Optional.of(id),
                    approvedBy,
                    decided,
                    smokeObject,
                    message,
                    started,
                    finished,
                    version);
        }

        /** The approver of its deployment, once there is one; the first decision's time stays. */
        Stage decidedBy(String approver, Instant now) {
            return new Stage(
                    environment,
                    position,
                    status,
                    gate,
                    deploymentId,
                    Optional.of(approver),
                    decided.or(() -> Optional.of(now)),
                    smokeObject,
                    message,
                    started,
                    finished,
                    version);
        }

        Stage withSmokeObject(String uri) {
            return new Stage(
                    environment,
                    position,
                    status,
                    gate,
                    deploymentId,
                    approvedBy,
                    decided,
                    Optional.of(uri),
                    message,
                    started,
                    finished,
                    version);
        }

        /** The message to show; empty clears it. */
        Stage withMessage(Optional<String> text) {
            return new Stage(
                    environment,
                    position,
                    status,
                    gate,
                    deploymentId,
                    approvedBy,
                    decided,
                    smokeObject,
                    text,
                    started,
                    finished,
                    version);
        }

        Stage withMessage(String text) {
            return withMessage(Optional.of(text));
        }
    }

    /** The same release with its stages, as loaded beside it. */
    Release withStages(List<Stage> loaded) {
        return new Release(
                id,
                sequence,
                track,
                version,
                commit,
                status,
                requestedBy,
                requestedById,
                artifacts,
                requiresInfrastructure,
                rollbackOf,
                supersededBy,
                failureReason,
                created,
                finished,
                List.copyOf(loaded));
    }

    /** The first stage that has not succeeded; empty when every one has. */
    public Optional<Stage> currentStage() {
        return stages.stream().filter(s -> s.status() != StageStatus.SUCCEEDED).findFirst();
    }
}
