package dev.sluice.controlplane.deploy;

import static dev.sluice.controlplane.deploy.DeploymentStatus.APPROVED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.AWAITING_APPROVAL;
import static dev.sluice.controlplane.deploy.DeploymentStatus.CONTINUING_ROLLBACK;
import static dev.sluice.controlplane.deploy.DeploymentStatus.REJECTED;
import static dev.sluice.controlplane.deploy.DeploymentStatus.ROLLBACK_FAILED;

import dev.sluice.controlplane.environments.Environment;
import dev.sluice.controlplane.environments.Environments;
import dev.sluice.controlplane.security.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Sluice's deployments: plan or apply a stack (or all of them, in order) in an environment,
 * approve or reject what waits for approval, repair a failed rollback, and the history. The long
 * steps run in the background; callers follow a deployment by its id.
 */
@Service
public class DeploymentService {

    private final Environments environments;
    private final DeploymentRepository repository;
    private final DeploymentRunner runner;
    private final RejectedChangeSets rejectedChangeSets;

    DeploymentService(
            Environments environments,
            DeploymentRepository repository,
            DeploymentRunner runner,
            RejectedChangeSets rejectedChangeSets) {
        this.environments = environments;
        this.repository = repository;
        this.runner = runner;
        this.rejectedChangeSets = rejectedChangeSets;
    }

    /**
     * Starts a plan or apply of {@code stack} (infrastructure, application or all) in an environment.
     *
     * @return the deployments created, in the order they run (two for stack=all)
     * @throws DeploymentConflictException when one of the stacks is being deployed already
     */
    public List<Deployment> request(String environment, String stack, String action, Caller requester) {
        Environment target = environments.require(environment);
        List<StackKind> stacks = StackKind.parse(stack);
        DeploymentAction parsedAction = DeploymentAction.parse(action);
        List<DeploymentRepository.NewDeployment> created = new ArrayList<>();
        Optional<String> after = Optional.empty();
        for (StackKind kind : stacks) {
            String id = UUID.randomUUID().toString();
            created.add(new DeploymentRepository.NewDeployment(
                    id,
                    target.name(),
                    kind,
                    target.stackName(kind.id()),
                    parsedAction,
                    after.isEmpty() ? DeploymentStatus.PLANNING : DeploymentStatus.QUEUED,
                    requester,
                    after));
            after = Optional.of(id);
        }
        claim(created);
        runner.submitPlan(created.get(0).id());
        return created.stream().map(d -> repository.get(d.id())).toList();
    }

    private void claim(List<DeploymentRepository.NewDeployment> created) {
        try {
            repository.insertClaimed(created);
        } catch (DeploymentRepository.StackClaimedException e) {
            Optional<String> holder = repository.claimHolder(e.environment, e.stack);
            throw new DeploymentConflictException(
                    "the " + e.stack.id() + " stack of " + e.environment + " is being deployed by "
                            + holder.map(id -> "deployment " + id).orElse("another deployment")
                            + "; one deployment at a time per stack",
                    holder);
        }
    }

    /**
     * Starts an apply of one stack with pinned content (a release's template and jar).
     *
     * @param holdForApproval waits for an approver even where the environment needs none
     * @throws DeploymentConflictException when the stack is being deployed already
     */
    public Deployment requestPinned(
            String environment, StackKind stack, PinnedContent content, boolean holdForApproval, Caller requester) {
        Environment target = environments.require(environment);
        DeploymentRepository.NewDeployment created = new DeploymentRepository.NewDeployment(
                UUID.randomUUID().toString(),
                target.name(),
                stack,
                target.stackName(stack.id()),
                DeploymentAction.APPLY,
                DeploymentStatus.PLANNING,
                requester,
                Optional.empty(),
                Optional.of(content),
                holdForApproval);
        claim(List.of(created));
        runner.submitPlan(created.id());
        return repository.get(created.id());
    }

    /**
     * Withdraws a deployment that waits for approval without anyone deciding it (a newer release
     * replaced it): it ends CANCELLED with the reason, and its change set is deleted.
     *
     * @return false when it no longer waited
     */
    public boolean withdraw(String id, String reason) {
        Deployment deployment = repository.get(id);
        if (deployment.status() != AWAITING_APPROVAL
                || !repository.update(
                        id,
                        AWAITING_APPROVAL,
                        (d, now) -> d.to(DeploymentStatus.CANCELLED, now).failedBecause(reason))) {
            return false;
        }
        rejectedChangeSets.delete(repository.get(id), environments.require(deployment.environment()));
        runner.startSuccessors(id);
        return true;
    }

    /** Publishes the current glue-job build and applies the application stack with it: one call. */
    public Deployment redeployApplication(String environment, Caller requester) {
        return request(environment, StackKind.APPLICATION.id(), "apply", requester)
                .get(0);
    }

    public DeploymentDetail detail(String id) {
        Deployment deployment = repository.get(id);
        return new DeploymentDetail(deployment, repository.changes(id), repository.events(id));
    }

    /** Newest first. */
    public List<Deployment> history(Optional<String> environment, int limit) {
        return repository.history(environment, Math.max(1, Math.min(limit, 500)));
    }

    /** Of the given deployments, those that left their stack as requested (succeeded, or had nothing to change). */
    public List<Deployment> applied(Collection<String> ids) {
        return repository.findAll(ids).stream()
                .filter(d -> d.status().hasApplied())
                .toList();
    }

    public Deployment approve(String id, Caller approver) {
        Deployment deployment = awaitingDecision(id, approver, "approve");
        if (!repository.update(
                id, AWAITING_APPROVAL, (d, now) -> d.to(APPROVED, now).decidedBy(approver.name(), now))) {
            throw decidedMeanwhile(id);
        }
        runner.submitExecution(deployment.id());
        return repository.get(id);
    }

    /** Rejects the plan and deletes its change set; a queued application deployment is cancelled. */
    public Deployment reject(String id, Caller approver) {
        Deployment deployment = awaitingDecision(id, approver, "reject");
        if (!repository.update(
                id, AWAITING_APPROVAL, (d, now) -> d.to(REJECTED, now).decidedBy(approver.name(), now))) {
            throw decidedMeanwhile(id);
        }
        rejectedChangeSets.delete(repository.get(id), environments.require(deployment.environment()));
        runner.startSuccessors(id);
        return repository.get(id);
    }

    /** ContinueUpdateRollback for a stack left in UPDATE_ROLLBACK_FAILED, optionally skipping resources. */
    public Deployment continueRollback(String id, List<String> resourcesToSkip) {
        Deployment deployment = repository.get(id);
        if (deployment.status() != ROLLBACK_FAILED
                || !repository.transition(id, ROLLBACK_FAILED, CONTINUING_ROLLBACK)) {
            throw new DeploymentConflictException(
                    "deployment " + id + " is " + repository.get(id).status()
                            + "; only a deployment in ROLLBACK_FAILED can continue its rollback",
                    Optional.empty());
        }
        runner.submitContinueRollback(id, List.copyOf(resourcesToSkip));
        return repository.get(id);
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAfterStart() {
        runner.resumeUnfinished();
    }

    private Deployment awaitingDecision(String id, Caller decider, String verb) {
        Deployment deployment = repository.get(id);
        if (deployment.status() != AWAITING_APPROVAL) {
            throw new DeploymentConflictException(
                    "deployment " + id + " is " + deployment.status() + ", not AWAITING_APPROVAL", Optional.empty());
        }
        // By stable id: two tokens or a renamed identity must not pass for two people.
        if (decider.is(
                deployment.request().requestedById().orElse(null),
                deployment.request().requestedBy())) {
            throw new ApprovalRefusedException(decider.name() + " requested deployment " + id + " and cannot " + verb
                    + " it; another approver must");
        }
        return deployment;
    }

    private DeploymentConflictException decidedMeanwhile(String id) {
        return new DeploymentConflictException(
                "deployment " + id + " was decided meanwhile: "
                        + repository.get(id).status(),
                Optional.empty());
    }
}
