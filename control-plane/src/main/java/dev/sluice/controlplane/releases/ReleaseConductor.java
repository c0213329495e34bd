package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.deploy.Deployment;
import dev.sluice.controlplane.deploy.DeploymentConflictException;
import dev.sluice.controlplane.deploy.DeploymentEnded;
import dev.sluice.controlplane.deploy.DeploymentService;
import dev.sluice.controlplane.deploy.PinnedContent;
import dev.sluice.controlplane.environments.Environment;
import dev.sluice.controlplane.environments.Environments;
import dev.sluice.controlplane.environments.UnknownEnvironmentException;
import dev.sluice.controlplane.runs.RunFinished;
import dev.sluice.controlplane.security.Caller;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Moves releases on, stage by stage: start the stage's deployment (which publishes the pinned jar
 * and plans), follow it through the approval gate and the apply, run the smoke gate, then go on to
 * the next environment. Everything it knows is in the database, so it resumes after a restart
 * where it stopped; it runs whenever an API call changed a release, when a deployment a stage
 * follows ends or a run ends while a stage waits for its smoke run, and on a fixed delay. The
 * events are not kept across a crash: the fixed delay re-reads every running release, so a lost
 * event only delays a step by one tick.
 */
@Component
class ReleaseConductor {

    private static final Logger log = LoggerFactory.getLogger(ReleaseConductor.class);
    private static final int MAX_STEPS = 8;
    /** Longer than any step takes; a release whose replica died is moved on by another after it. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final ReleaseRepository repository;
    private final DeploymentService deployments;
    private final Environments environments;
    private final InfrastructureCheck infrastructure;
    private final SmokeCheck smoke;
    private final ReleasesProperties properties;
    private final Clock clock;
    /** One thread: advance is synchronized anyway, and reactions to a burst of events queue up. */
    private final ExecutorService reactions = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "release-reactions");
        thread.setDaemon(true);
        return thread;
    });

    private final String replica =
            ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

    ReleaseConductor(
            ReleaseRepository repository,
            DeploymentService deployments,
            Environments environments,
            InfrastructureCheck infrastructure,
            SmokeCheck smoke,
            ReleasesProperties properties,
            Clock clock) {
        this.clock = clock;
        this.repository = repository;
        this.deployments = deployments;
        this.environments = environments;
        this.infrastructure = infrastructure;
        this.smoke = smoke;
        this.properties = properties;
    }

    @PreDestroy
    void stopReacting() {
        reactions.shutdownNow();
    }

    /** The stage that follows this deployment can move on now. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(DeploymentEnded ended) {
        react(stage -> stage.deploymentId().equals(Optional.of(ended.id())));
    }

    /** A stage waiting for its smoke run may have one now. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RunFinished finished) {
        react(stage -> stage.status() == StageStatus.SMOKE_CHECK);
    }

    // Off the publishing thread: a deployment runner or the run tracker should not wait for a
    // release's steps, nor see their failures.
    private void react(Predicate<Release.Stage> concerned) {
        reactions.execute(() -> {
            for (Release release : repository.running()) {
                if (release.currentStage().filter(concerned).isPresent()) {
                    advance(release.id());
                }
            }
        });
    }

    @Scheduled(fixedDelayString = "${sluice.releases.tick:2s}")
    void tick() {
        for (Release release : repository.running()) {
            advance(release.id());
        }
    }

    /**
     * Takes every step the release can take now, unless another replica is moving it; a failing
     * step is logged and shown on the stage.
     */
    synchronized void advance(String id) {
        if (!repository.lease(id, replica, LEASE)) {
            return;
        }
        try {
            for (int i = 0; i < MAX_STEPS && step(repository.get(id)); i++) {
                // moved on: maybe the next step can go too
            }
        } catch (RuntimeException e) {
            log.warn("release {}: {}", id, e.getMessage(), e);
            Release release = repository.get(id);
            String retrying = "retrying: " + Objects.toString(e.getMessage(), e.toString());
            release.currentStage()
                    .ifPresent(stage -> repository.updateStage(
                            id, stage.position(), stage.status(), (s, now) -> s.withMessage(retrying)));
        } finally {
            repository.releaseLease(id, replica);
        }
    }

    /** @return whether the release moved */
    private boolean step(Release release) {
        if (release.status().isTerminal()) {
            return false;
        }
        Optional<Release.Stage> current = release.currentStage();
        if (current.isEmpty()) {
            return repository.finish(release.id(), ReleaseStatus.SUCCEEDED, null);
        }
        Release.Stage stage = current.get();
        return switch (stage.status()) {
            case PENDING, WAITING_FOR_INFRASTRUCTURE -> start(release, stage);
            case DEPLOYING, AWAITING_APPROVAL, APPLYING -> follow(release, stage);
            case SMOKE_CHECK -> smoke(release, stage);
            case FAILED, CANCELLED -> repository.finish(release.id(), ReleaseStatus.FAILED, null);
            case REJECTED -> repository.finish(release.id(), ReleaseStatus.REJECTED, null);
            case SUPERSEDED -> repository.finish(release.id(), ReleaseStatus.SUPERSEDED, null);
            case SUCCEEDED -> false;
        };
    }

    private boolean start(Release release, Release.Stage stage) {
        if (release.supersededBy().isPresent()) {
            return supersede(release, stage);
        }
        Environment environment;
        try {
            environment = environments.require(stage.environment());
        } catch (UnknownEnvironmentException e) {
            return fail(release, stage, e.getMessage());
        }
        Optional<String> waiting = infrastructure.whyWaiting(release, environment);
        if (waiting.isPresent()) {
            note(release, stage, StageStatus.WAITING_FOR_INFRASTRUCTURE, waiting.get());
            return false;
        }
        PinnedContent content = new PinnedContent(
                release.artifacts().templateDigest(),
                release.artifacts().glueJobJarDigest(),
                release.artifacts().parametersDigest());
        Deployment deployment;
        try {
            deployment = deployments.requestPinned(
                    environment.name(),
                    release.track().stack(),
                    content,
                    stage.gate().approval(),
                    new Caller(release.requestedById().orElse(release.requestedBy()), release.requestedBy()));
        } catch (DeploymentConflictException e) {
            Optional<Deployment> orphan = e.blockingDeployment()
                    .map(id -> deployments.detail(id).deployment())
                    .filter(d -> leftBehindFor(d, release, content));
            if (orphan.isEmpty()) {
                note(release, stage, StageStatus.PENDING, "waiting: " + e.getMessage());
                return false;
            }
            deployment = orphan.get();
        }
        String deploymentId = deployment.id();
        return repository.updateStage(
                release.id(),
                stage.position(),
                stage.status(),
                (s, now) -> s.to(StageStatus.DEPLOYING, now)
                        .withDeployment(deploymentId)
                        .withMessage(Optional.empty()));
    }

    /**
     * A deployment of exactly this release's content, asked for by its requester, that no stage
     * names: this stage's own, requested by a replica that stopped before recording it.
     */
    private boolean leftBehindFor(Deployment deployment, Release release, PinnedContent content) {
        return deployment.request().pinned().equals(Optional.of(content))
                && deployment.request().stack() == release.track().stack()
                && deployment.request().requestedBy().equals(release.requestedBy())
                && !repository.namesDeployment(deployment.id());
    }

    /** Where a stage stands while its deployment is in {@code status}. */
    static StageStatus stageFor(
            dev.sluice.controlplane.deploy.DeploymentStatus status, boolean smokeCheck, boolean superseded) {
        return switch (status) {
            case QUEUED, PLANNING -> StageStatus.DEPLOYING;
            case AWAITING_APPROVAL -> StageStatus.AWAITING_APPROVAL;
            case APPROVED, EXECUTING, CONTINUING_ROLLBACK -> StageStatus.APPLYING;
            case SUCCEEDED, NO_CHANGES -> smokeCheck ? StageStatus.SMOKE_CHECK : StageStatus.SUCCEEDED;
            case REJECTED -> StageStatus.REJECTED;
            case CANCELLED -> superseded ? StageStatus.SUPERSEDED : StageStatus.FAILED;
            case FAILED, PLANNED, ROLLBACK_FAILED -> StageStatus.FAILED;
        };
    }

    private boolean follow(Release release, Release.Stage stage) {
        Deployment deployment =
                deployments.detail(stage.deploymentId().orElseThrow()).deployment();
        // An approval may win the race with the withdrawal: then the stage goes on as approved.
        if (release.supersededBy().isPresent()
                && deployment.status() == dev.sluice.controlplane.deploy.DeploymentStatus.AWAITING_APPROVAL
                && deployments.withdraw(
                        deployment.id(),
                        "superseded by release " + release.supersededBy().get())) {
            return supersede(release, stage);
        }
        StageStatus target = stageFor(
                deployment.status(),
                stage.gate().smokeCheck(),
                release.supersededBy().isPresent());
        if (target == stage.status()) {
            return false;
        }
        Optional<String> smokeObject = target == StageStatus.SMOKE_CHECK
                ? Optional.of(smoke.start(release, environments.require(stage.environment())))
                : Optional.empty();
        String reason = switch (target) {
            case FAILED ->
                "deployment " + deployment.id() + " ended " + deployment.status()
                        + deployment
                                .outcome()
                                .failureReason()
                                .map(r -> ": " + r)
                                .orElse("")
                        + deployment.outcome().remedy().map(r -> " (" + r + ")").orElse("");
            case REJECTED -> "rejected by " + deployment.approvedBy().orElse("an approver");
            default -> null;
        };
        Optional<String> message = switch (target) {
            case SMOKE_CHECK -> smokeObject.map(uri -> "uploaded " + uri + "; waiting for its run to succeed");
            case FAILED, REJECTED -> Optional.of(reason);
            case SUCCEEDED ->
                deployment.status().name().equals("NO_CHANGES") ? Optional.of("no changes") : Optional.empty();
            default -> Optional.empty();
        };
        Optional<String> approver = deployment.approvedBy();
        if (!repository.updateStage(release.id(), stage.position(), stage.status(), (s, now) -> {
            Release.Stage next = s.to(target, now).withMessage(message);
            if (approver.isPresent()) {
                next = next.decidedBy(approver.get(), now);
            }
            return smokeObject.isPresent() ? next.withSmokeObject(smokeObject.get()) : next;
        })) {
            return false;
        }
        return switch (target) {
            case FAILED -> repository.finish(release.id(), ReleaseStatus.FAILED, stage.environment() + ": " + reason);
            case REJECTED ->
                repository.finish(release.id(), ReleaseStatus.REJECTED, stage.environment() + ": " + reason);
            case SUPERSEDED ->
                repository.finish(
                        release.id(),
                        ReleaseStatus.SUPERSEDED,
                        "superseded by release " + release.supersededBy().get());
            default -> true;
        };
    }

    private boolean smoke(Release release, Release.Stage stage) {
        String object = stage.smokeObject().orElseThrow();
        SmokeCheck.Outcome outcome = smoke.check(object);
        if (outcome instanceof SmokeCheck.Outcome.Pending pending) {
            Instant since = deployments
                    .detail(stage.deploymentId().orElseThrow())
                    .deployment()
                    .timings()
                    .finished()
                    .orElse(clock.instant());
            if (clock.instant().isAfter(since.plus(properties.smokeTimeout()))) {
                outcome = new SmokeCheck.Outcome.Failed("no successful run of " + object + " within "
                        + properties.smokeTimeout() + " (" + pending.why() + ")");
            } else {
                note(release, stage, StageStatus.SMOKE_CHECK, pending.why());
                return false;
            }
        }
        if (outcome instanceof SmokeCheck.Outcome.Passed passed) {
            return repository.updateStage(
                    release.id(),
                    stage.position(),
                    StageStatus.SMOKE_CHECK,
                    (s, now) -> s.to(StageStatus.SUCCEEDED, now)
                            .withMessage("smoke check passed: run " + passed.runId() + " of " + object + " succeeded"));
        }
        return fail(release, stage, "smoke check failed: " + ((SmokeCheck.Outcome.Failed) outcome).reason());
    }

    private boolean fail(Release release, Release.Stage stage, String reason) {
        repository.updateStage(
                release.id(),
                stage.position(),
                stage.status(),
                (s, now) -> s.to(StageStatus.FAILED, now).withMessage(reason));
        return repository.finish(release.id(), ReleaseStatus.FAILED, stage.environment() + ": " + reason);
    }

    private boolean supersede(Release release, Release.Stage stage) {
        String reason = "superseded by release " + release.supersededBy().orElseThrow();
        repository.updateStage(
                release.id(),
                stage.position(),
                stage.status(),
                (s, now) -> s.to(StageStatus.SUPERSEDED, now).withMessage(reason));
        return repository.finish(release.id(), ReleaseStatus.SUPERSEDED, reason);
    }

    /** Shows why a stage waits, writing only when the reason changed. */
    private void note(Release release, Release.Stage stage, StageStatus status, String message) {
        if (stage.status() != status || !stage.message().equals(Optional.of(message))) {
            repository.updateStage(
                    release.id(),
                    stage.position(),
                    stage.status(),
                    (s, now) -> s.to(status, now).withMessage(message));
        }
    }
}
