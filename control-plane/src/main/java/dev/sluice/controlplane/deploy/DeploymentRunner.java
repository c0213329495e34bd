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
import static dev.sluice.controlplane.deploy.DeploymentStatus.ROLLBACK_FAILED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.SUCCEEDED;

import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.AccountSession;
import dev.sluice.controlplane.environments.Environment;
import dev.sluice.controlplane.environments.Environments;
import dev.sluice.controlplane.logging.LogContext;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Runs the long steps of deployments on a bounded pool: planning, executing and continuing a
 * rollback. Each step starts from the status stored in the database and stores every change
 * before acting on it, so after a restart {@link #resumeUnfinished()} picks up where it stopped.
 */
@Component
class DeploymentRunner {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    private static final Set<String> SUCCESS = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

    private final DeploymentRepository repository;
    private final Environments environments;
    private final AccountClients clients;
    private final StackTemplates templates;
    private final AssetPublisher assets;
    private final PollingPolicy polling;
    private final ObjectProvider<PinnedArtifacts> pinnedArtifacts;
    private final ThreadPoolExecutor executor;

    DeploymentRunner(
            DeploymentRepository repository,
            Environments environments,
            AccountClients clients,
            StackTemplates templates,
            AssetPublisher assets,
            DeployProperties properties,
            ObjectProvider<PinnedArtifacts> pinnedArtifacts) {
        this.repository = repository;
        this.pinnedArtifacts = pinnedArtifacts;
        this.environments = environments;
        this.clients = clients;
        this.templates = templates;
        this.assets = assets;
        this.polling = properties.polling();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                properties.workers(),
                properties.workers(),
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256),
                r -> new Thread(r, "sluice-deploy-" + threads.incrementAndGet()));
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------ scheduling

    void submitPlan(String id) {
        submit(id, PLANNING, () -> step(id, PLANNING, this::plan));
    }

    void submitExecution(String id) {
        submit(id, APPROVED, () -> step(id, APPROVED, this::execute));
    }

    void submitContinueRollback(String id, List<String> resourcesToSkip) {
        submit(id, CONTINUING_ROLLBACK, () -> step(id, CONTINUING_ROLLBACK, w -> continueRollback(w, resourcesToSkip)));
    }

    private void submit(String id, DeploymentStatus expected, Runnable step) {
        try {
            executor.execute(step);
        } catch (RejectedExecutionException e) {
            finish(id, expected, failure("too many deployments in progress; try again"));
        }
    }

    /** After a restart: continue every deployment that was between two states. */
    void resumeUnfinished() {
        for (Deployment d :
                repository.withStatus(List.of(PLANNING, APPROVED, EXECUTING, CONTINUING_ROLLBACK, QUEUED))) {
            log.info(
                    "resuming deployment {} ({} of {} in {})",
                    d.id(),
                    d.status(),
                    d.stack().id(),
                    d.environment());
            switch (d.status()) {
                case PLANNING -> submitPlan(d.id());
                case APPROVED -> submitExecution(d.id());
                case EXECUTING -> submit(d.id(), EXECUTING, () -> step(d.id(), EXECUTING, this::resumeExecution));
                case CONTINUING_ROLLBACK ->
                    submit(d.id(), CONTINUING_ROLLBACK, () -> step(d.id(), CONTINUING_ROLLBACK, this::resumeRollback));
                case QUEUED ->
                    d.request()
                            .after()
                            .map(repository::get)
                            .filter(p -> p.status().isTerminal())
                            .ifPresent(p -> startSuccessors(p.id()));
                default -> {}
            }
        }
    }

    // ------------------------------------------------------------ steps

    /** A deployment being worked on, with the session and stack it works through. */
    private record Work(
            Deployment deployment, Environment environment, AccountSession session, CloudFormationStack stack)
            implements AutoCloseable {
        String id() {
            return deployment.id();
        }

        @Override
        public void close() {
            session.close();
        }
    }

    @FunctionalInterface
    private interface Step {
        /** @return the status the deployment is in when the step ends */
        DeploymentStatus run(Work work);
    }

    private void step(String id, DeploymentStatus expected, Step step) {
        try (var logged = LogContext.deployment(id)) {
            stepLogged(id, expected, step);
        }
    }

    private void stepLogged(String id, DeploymentStatus expected, Step step) {
        Deployment deployment = repository.get(id);
        if (deployment.status() != expected) {
            return; // moved on meanwhile (another replica, a reject)
        }
        DeploymentStatus reached = expected;
        try {
            Environment environment = environments.require(deployment.environment());
            try (Work work = open(deployment, environment)) {
                reached = step.run(work);
            }
        } catch (Poller.DeploymentInterruptedException e) {
            log.info("deployment {} paused in {}: {}", id, expected, e.getMessage());
            return;
        } catch (RuntimeException e) {
            DeploymentStatus current = repository.get(id).status();
            log.warn("deployment {} failed in {}: {}", id, current, describe(e), e);
            if (!current.isTerminal()) {
                finish(id, current, failure(describe(e)));
            }
            startSuccessors(id);
            return;
        }
        if (reached.isTerminal()) {
            startSuccessors(id);
        }
    }

    private Work open(Deployment deployment, Environment environment) {
        AccountSession session = clients.openSession(environment, "sluice-deploy-" + deployment.id());
        CloudFormationStack stack = new CloudFormationStack(
                clients.cloudFormation(environment),
                session,
                deployment.request().stackName(),
                polling);
        return new Work(deployment, environment, session, stack);
    }

    private DeploymentStatus plan(Work w) {
        Deployment d = w.deployment();
        Optional<PinnedContent> pinned = d.request().pinned();
        StackTemplates.Template template = pinned.map(p -> templates.template(
                        d.stack(), pinnedArtifacts.getObject().template(p.templateDigest())))
                .orElseGet(() -> templates.template(d.stack()));
        Optional<String> pinnedParameters = pinned.flatMap(PinnedContent::parametersDigest);
        Map<String, String> parameters = pinnedParameters.isPresent()
                ? StackParameters.merge(
                        w.environment(),
                        d.stack(),
                        template,
                        pinnedArtifacts
                                .getObject()
                                .parameters(
                                        pinnedParameters.get(), w.environment().name()),
                        "the release's parameters for " + w.environment().name())
                : StackParameters.merge(w.environment(), d.stack(), template, templates);
        String publishedKey = null;
        if (d.stack() == StackKind.APPLICATION) {
            Optional<String> jarDigest = pinned.flatMap(PinnedContent::jarDigest);
            publishedKey = jarDigest.isPresent()
                    ? assets.publishGlueJobJar(
                                    w.session(), pinnedArtifacts.getObject().glueJobJar(jarDigest.get()))
                            .key()
                    : assets.publishGlueJobJar(w.session()).key();
            parameters.put("JobJarKey", publishedKey);
        }
        Optional<String> assetKey = Optional.ofNullable(publishedKey);
        Optional<CloudFormationStack.State> state = w.stack().describe();
        Optional<Ending> refusal = state.flatMap(s -> refusal(w.stack(), s));
        if (refusal.isPresent()) {
            return finish(d.id(), PLANNING, refusal.get());
        }
        Preparation preparation = prepare(w, state);
        Optional<String> warning = Optional.ofNullable(preparation.warning());

        String changeSetName = "sluice-" + d.id();
        String changeSetId;
        try {
            changeSetId = w.stack()
                    .createChangeSet(new CloudFormationStack.ChangeSetRequest(
                            changeSetName,
                            preparation.type(),
                            template.body(),
                            parameters,
                            w.environment().executionRoleArn(),
                            d.id()));
        } catch (CloudFormationException e) {
            String reason = template.name() + " was refused by CloudFormation: " + CloudFormationStack.message(e);
            return finish(
                    d.id(),
                    PLANNING,
                    new Ending(
                            FAILED,
                            (x, now) -> x.withAssetKey(assetKey).noting(warning).failedBecause(reason)));
        }
        Deployment.ChangeSet changeSet = new Deployment.ChangeSet(
                changeSetName,
                Optional.ofNullable(changeSetId),
                Optional.of(preparation.type().toString()));
        repository.update(
                d.id(),
                PLANNING,
                (x, now) -> x.withChangeSet(changeSet).withAssetKey(assetKey).noting(warning));
        List<PlannedChange> changes = new ArrayList<>();
        Optional<Ending> ended = review(w, changeSetName, changes);
        if (ended.isPresent()) {
            return finish(d.id(), PLANNING, ended.get());
        }
        preparation
                .current()
                .ifPresent(current -> changes.addAll(StackParameters.diff(current.parameters(), parameters, template)));
        repository.replaceChanges(d.id(), changes);
        return decide(w, changeSetName);
    }

    /** What the change set will be: CREATE or UPDATE, against which current state, and anything cleared first. */
    private record Preparation(ChangeSetType type, Optional<CloudFormationStack.State> current, String warning) {}

    /** A stack CloudFormation cannot change now: stuck in a failed rollback, or busy. */
    private static Optional<Ending> refusal(CloudFormationStack stack, CloudFormationStack.State state) {
        if (state.status().equals("UPDATE_ROLLBACK_FAILED")) {
            String remedy = "Continue its rollback first (aws cloudformation continue-update-rollback --stack-name "
                    + stack.name() + "), then plan again.";
            return Optional.of(new Ending(
                    FAILED,
                    (d, now) -> d.withStackStatus(state.status())
                            .failedBecause(stack.name() + " is in UPDATE_ROLLBACK_FAILED")
                            .withRemedy(Optional.of(remedy))));
        }
        if (state.isBusy()) {
            return Optional.of(new Ending(
                    FAILED,
                    (d, now) -> d.withStackStatus(state.status())
                            .failedBecause(
                                    stack.name() + " is busy (" + state.status() + "); plan again when it is done")));
        }
        return Optional.empty();
    }

    /**
     * CREATE for a new stack or one waiting in REVIEW_IN_PROGRESS (an earlier plan's empty stack);
     * a stack whose first creation rolled back can only be deleted and created again.
     */
    private static Preparation prepare(Work w, Optional<CloudFormationStack.State> state) {
        if (state.isEmpty() || state.get().status().equals("REVIEW_IN_PROGRESS")) {
            return new Preparation(ChangeSetType.CREATE, Optional.empty(), null);
        }
        if (state.get().status().equals("ROLLBACK_COMPLETE")) {
            w.stack().deleteAndWait(w.environment().executionRoleArn());
            return new Preparation(
                    ChangeSetType.CREATE,
                    Optional.empty(),
                    "deleted " + w.stack().name() + ", left in ROLLBACK_COMPLETE by an earlier failed creation,"
                            + " before creating it again");
        }
        return new Preparation(ChangeSetType.UPDATE, state, null);
    }

    /**
     * Waits for the change set and collects its resource changes; the status change that ends the
     * deployment when there is nothing to apply (no changes, or CloudFormation refused it).
     */
    private Optional<Ending> review(Work w, String changeSetName, List<PlannedChange> changes) {
        CloudFormationStack.ChangeSetResult result = w.stack().awaitChangeSet(changeSetName);
        if (result instanceof CloudFormationStack.ChangeSetResult.NoChanges) {
            w.stack().deleteChangeSet(changeSetName);
            repository.replaceChanges(w.id(), List.of());
            return Optional.of(new Ending(NO_CHANGES, (d, now) -> d.planComplete(now)));
        }
        if (result instanceof CloudFormationStack.ChangeSetResult.Failed failed) {
            return Optional.of(failure(failed.reason()));
        }
        changes.addAll(((CloudFormationStack.ChangeSetResult.Ready) result).resourceChanges());
        return Optional.empty();
    }

    /** A plan stops here; an apply waits for an approver, or executes at once where none is required. */
    private DeploymentStatus decide(Work w, String changeSetName) {
        if (w.deployment().request().action() == DeploymentAction.PLAN) {
            w.stack().deleteChangeSet(changeSetName);
            return finish(w.id(), PLANNING, new Ending(PLANNED, (d, now) -> d));
        }
        if (w.environment().requiresApproval() || w.deployment().request().holdForApproval()) {
            repository.transition(w.id(), PLANNING, AWAITING_APPROVAL);
            return AWAITING_APPROVAL;
        }
        repository.update(w.id(), PLANNING, (d, now) -> d.to(APPROVED, now).planComplete(now));
        return execute(new Work(repository.get(w.id()), w.environment(), w.session(), w.stack()));
    }

    private DeploymentStatus execute(Work w) {
        String changeSetName = changeSetName(w.deployment());
        Optional<String> eventsAfter = w.stack().newestEventId();
        repository.update(w.id(), APPROVED, (d, now) -> d.to(EXECUTING, now).withEventsAfter(eventsAfter));
        w.stack().execute(changeSetName);
        return follow(w, EXECUTING, eventsAfter);
    }

    private DeploymentStatus resumeExecution(Work w) {
        if (w.stack().isExecutable(changeSetName(w.deployment()))) {
            w.stack().execute(changeSetName(w.deployment()));
        }
        return follow(w, EXECUTING, w.deployment().eventsAfter());
    }

    private DeploymentStatus continueRollback(Work w, List<String> resourcesToSkip) {
        Optional<String> eventsAfter = w.stack().newestEventId();
        repository.update(w.id(), CONTINUING_ROLLBACK, (d, now) -> d.withEventsAfter(eventsAfter));
        w.stack().continueRollback(resourcesToSkip, w.environment().executionRoleArn());
        return follow(w, CONTINUING_ROLLBACK, eventsAfter);
    }

    private DeploymentStatus resumeRollback(Work w) {
        Optional<CloudFormationStack.State> state = w.stack().describe();
        if (state.isPresent() && state.get().status().equals("UPDATE_ROLLBACK_FAILED")) {
            // Unknown whether ContinueUpdateRollback was sent before the restart: let the operator repeat it.
            repository.transition(w.id(), CONTINUING_ROLLBACK, ROLLBACK_FAILED);
            return ROLLBACK_FAILED;
        }
        return follow(w, CONTINUING_ROLLBACK, w.deployment().eventsAfter());
    }

    private DeploymentStatus follow(Work w, DeploymentStatus from, Optional<String> eventsAfter) {
        CloudFormationStack.FollowResult result =
                w.stack().follow(eventsAfter, batch -> repository.addEvents(w.id(), batch));
        String stackStatus = result.status();
        if (SUCCESS.contains(stackStatus)) {
            Optional<String> warning = protectFromTermination(w);
            return finish(
                    w.id(),
                    from,
                    new Ending(
                            SUCCEEDED,
                            (d, now) -> d.withStackStatus(stackStatus).noting(warning)));
        }
        List<StackEvent> events = repository.events(w.id());
        RollbackDiagnosis first = RollbackDiagnosis.of(w.id(), stackStatus, events);
        RollbackDiagnosis diagnosis = first.failedResource().isPresent()
                ? first
                : RollbackDiagnosis.of(w.id(), stackStatus, events, w.stack().validationFailures());
        if (stackStatus.equals("UPDATE_ROLLBACK_FAILED")) {
            // A resource or remedy found before stays when this diagnosis finds none.
            repository.update(
                    w.id(),
                    from,
                    (d, now) -> d.to(ROLLBACK_FAILED, now)
                            .withStackStatus(stackStatus)
                            .failedAt(diagnosis.failedResource().or(d.outcome()::failedResource), diagnosis.reason())
                            .withRemedy(diagnosis.remedy().or(d.outcome()::remedy)));
            return ROLLBACK_FAILED;
        }
        // A continued rollback that fails keeps the reason the stack first failed for; its remedy is this one.
        return finish(w.id(), from, new Ending(FAILED, (d, now) -> {
            Deployment failed = d.withStackStatus(stackStatus).withRemedy(diagnosis.remedy());
            return from != EXECUTING
                    ? failed
                    : failed.failedAt(diagnosis.failedResource().or(d.outcome()::failedResource), diagnosis.reason());
        }));
    }

    /** Where the environment asks for it; a warning when it could not be enabled. */
    private static Optional<String> protectFromTermination(Work w) {
        if (!w.environment().terminationProtection()) {
            return Optional.empty();
        }
        try {
            w.stack().protectFromTermination();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("termination protection could not be enabled on "
                    + w.stack().name() + ": " + describe(e));
        }
    }

    private static String changeSetName(Deployment d) {
        return d.changeSet()
                .orElseThrow(() -> new IllegalStateException(d.id() + " has no change set"))
                .name();
    }

    // ------------------------------------------------------------ endings

    /** A status a step ends a deployment in, and what goes with it. */
    private record Ending(DeploymentStatus status, DeploymentRepository.Change details) {}

    private static Ending failure(String reason) {
        return new Ending(FAILED, (d, now) -> d.failedBecause(reason));
    }

    private DeploymentStatus finish(String id, DeploymentStatus from, Ending ending) {
        repository.update(id, from, (d, now) -> ending.details().apply(d.to(ending.status(), now), now));
        return ending.status();
    }

    /** stack=all: start or cancel the deployments that waited for this one. */
    void startSuccessors(String id) {
        Deployment predecessor = repository.get(id);
        if (!predecessor.status().isTerminal()) {
            return;
        }
        for (Deployment next : repository.waitingFor(id)) {
            boolean go = switch (predecessor.status()) {
                case SUCCEEDED, NO_CHANGES -> true;
                case PLANNED -> next.request().action() == DeploymentAction.PLAN;
                default -> false;
            };
            if (!go) {
                String reason = "not started: " + predecessor.stack().id() + " deployment " + id + " ended "
                        + predecessor.status();
                finish(next.id(), QUEUED, new Ending(CANCELLED, (d, now) -> d.failedBecause(reason)));
            } else if (repository.transition(next.id(), QUEUED, PLANNING)) {
                submitPlan(next.id());
            }
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof CloudFormationException cfe) {
            return "CloudFormation: " + CloudFormationStack.message(cfe);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
