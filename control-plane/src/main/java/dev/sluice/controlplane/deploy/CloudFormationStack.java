package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.environments.AccountSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * One CloudFormation stack in one account, operated as the environment's deployer role: its
 * state, its change sets, execution, the events that follow, rollback repair and protection.
 */
final class CloudFormationStack {

    private static final Logger log = LoggerFactory.getLogger(CloudFormationStack.class);

    private final CloudFormationClient cloudFormation;
    private final AwsRequestOverrideConfiguration asCaller;
    private final String name;
    private final PollingPolicy polling;
    private final Poller poller;

    CloudFormationStack(
            CloudFormationClient cloudFormation, AccountSession session, String name, PollingPolicy polling) {
        this.cloudFormation = cloudFormation;
        this.asCaller = session.asCaller();
        this.name = name;
        this.polling = polling;
        this.poller = new Poller(polling);
    }

    String name() {
        return name;
    }

    /** What DescribeStacks says; NoEcho parameter values come back as {@code ****}. */
    record State(String status, Map<String, String> parameters, boolean terminationProtection) {
        boolean isBusy() {
            return status.endsWith("_IN_PROGRESS") && !status.equals("REVIEW_IN_PROGRESS");
        }

        boolean isTerminal() {
            return !status.endsWith("_IN_PROGRESS");
        }
    }

    Optional<State> describe() {
        return poller.call("DescribeStacks " + name, () -> {
            try {
                Stack stack = cloudFormation
                        .describeStacks(r -> r.stackName(name).overrideConfiguration(asCaller))
                        .stacks()
                        .get(0);
                Map<String, String> parameters = new LinkedHashMap<>();
                stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
                return Optional.of(new State(
                        stack.stackStatusAsString(),
                        parameters,
                        Boolean.TRUE.equals(stack.enableTerminationProtection())));
            } catch (CloudFormationException e) {
                if (isValidationError(e) && message(e).contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** What to create: the change set's name, type, template, parameters and the role CloudFormation acts as. */
    record ChangeSetRequest(
            String changeSetName,
            ChangeSetType type,
            String templateBody,
            Map<String, String> parameters,
            Optional<String> executionRoleArn,
            String deploymentId) {}

    /** Creates the change set, or finds the one a previous attempt of this deployment created. */
    String createChangeSet(ChangeSetRequest request) {
        Optional<DescribeChangeSetResponse> existing = findChangeSet(request.changeSetName());
        if (existing.isPresent()) {
            return existing.get().changeSetId();
        }
        return poller.call(
                "CreateChangeSet " + request.changeSetName(),
                () -> cloudFormation
                        .createChangeSet(r -> r.stackName(name)
                                .changeSetName(request.changeSetName())
                                .changeSetType(request.type())
                                .templateBody(request.templateBody())
                                .parameters(request.parameters().entrySet().stream()
                                        .map(p -> Parameter.builder()
                                                .parameterKey(p.getKey())
                                                .parameterValue(p.getValue())
                                                .build())
                                        .toList())
                                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                                .roleARN(request.executionRoleArn().orElse(null))
                                // No per-deployment tag: stack tags propagate to every resource, so a
                                // new value each time would make every plan modify them all.
                                .description("Sluice deployment " + request.deploymentId())
                                .overrideConfiguration(asCaller))
                        .id());
    }

    private Optional<DescribeChangeSetResponse> findChangeSet(String changeSetName) {
        return poller.call("DescribeChangeSet " + changeSetName, () -> {
            try {
                return Optional.of(describeChangeSet(changeSetName, null));
            } catch (CloudFormationException e) {
                if (e.statusCode() == 404
                        || "ChangeSetNotFound".equals(e.awsErrorDetails().errorCode())
                        || (isValidationError(e) && message(e).contains("does not exist"))) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    sealed interface ChangeSetResult {
        record Ready(List<PlannedChange> resourceChanges) implements ChangeSetResult {}

        record NoChanges(String reason) implements ChangeSetResult {}

        record Failed(String reason) implements ChangeSetResult {}
    }

    ChangeSetResult awaitChangeSet(String changeSetName) {
        DescribeChangeSetResponse ready =
                poller.until("change set " + changeSetName, polling.changeSetTimeout(), () -> {
                    DescribeChangeSetResponse d = describeChangeSet(changeSetName, null);
                    String status = d.statusAsString();
                    return status.equals("CREATE_PENDING") || status.equals("CREATE_IN_PROGRESS")
                            ? Optional.empty()
                            : Optional.of(d);
                });
        String reason = Optional.ofNullable(ready.statusReason()).orElse("");
        if (!ready.statusAsString().equals("CREATE_COMPLETE")) {
            return isNoChanges(reason)
                    ? new ChangeSetResult.NoChanges(reason)
                    : new ChangeSetResult.Failed(
                            reason.isEmpty() ? "change set ended " + ready.statusAsString() : reason);
        }
        List<PlannedChange> changes = new ArrayList<>();
        DescribeChangeSetResponse page = ready;
        while (true) {
            page.changes().forEach(c -> changes.add(plannedChange(c)));
            if (page.nextToken() == null) {
                return new ChangeSetResult.Ready(changes);
            }
            String token = page.nextToken();
            page = poller.call("DescribeChangeSet " + changeSetName, () -> describeChangeSet(changeSetName, token));
        }
    }

    /** CloudFormation's way of saying that a change set has nothing to do; not a failure. */
    static boolean isNoChanges(String statusReason) {
        return statusReason.contains("didn't contain changes")
                || statusReason.contains("No updates are to be performed");
    }

    private DescribeChangeSetResponse describeChangeSet(String changeSetName, String nextToken) {
        return cloudFormation.describeChangeSet(r -> r.stackName(name)
                .changeSetName(changeSetName)
                .nextToken(nextToken)
                .overrideConfiguration(asCaller));
    }

    private static PlannedChange plannedChange(Change change) {
        ResourceChange rc = change.resourceChange();
        Set<String> details = new LinkedHashSet<>();
        for (ResourceChangeDetail d : rc.details()) {
            String target = d.target() == null
                    ? "?"
                    : d.target().attributeAsString()
                            + (d.target().name() == null ? "" : "." + d.target().name());
            String cause = d.causingEntity() == null ? "" : " from " + d.causingEntity();
            String source = d.changeSourceAsString() == null ? "" : " (" + d.changeSourceAsString() + cause + ")";
            details.add(target + source);
        }
        return new PlannedChange(
                PlannedChange.Kind.RESOURCE,
                rc.actionAsString(),
                rc.logicalResourceId(),
                Optional.ofNullable(rc.physicalResourceId()),
                Optional.ofNullable(rc.resourceType()),
                Optional.ofNullable(rc.replacementAsString()),
                details.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", details)));
    }

    void deleteChangeSet(String changeSetName) {
        try {
            poller.run(
                    "DeleteChangeSet " + changeSetName,
                    () -> cloudFormation.deleteChangeSet(
                            r -> r.stackName(name).changeSetName(changeSetName).overrideConfiguration(asCaller)));
        } catch (CloudFormationException e) {
            if (findChangeSet(changeSetName).isPresent()) {
                throw e;
            }
        }
    }

    /** Whether the change set still waits to be executed (false once execution started). */
    boolean isExecutable(String changeSetName) {
        return findChangeSet(changeSetName)
                .map(d -> "AVAILABLE".equals(d.executionStatusAsString()))
                .orElse(false);
    }

    void execute(String changeSetName) {
        try {
            poller.run(
                    "ExecuteChangeSet " + changeSetName,
                    () -> cloudFormation.executeChangeSet(
                            r -> r.stackName(name).changeSetName(changeSetName).overrideConfiguration(asCaller)));
        } catch (CloudFormationException e) {
            // An earlier attempt whose answer was lost (a time-out) may have started the execution;
            // the repeat is then refused, and following the stack gives the real outcome.
            // CloudFormation deletes a stack's change sets once one is executed.
            String execution = findChangeSet(changeSetName)
                    .map(DescribeChangeSetResponse::executionStatusAsString)
                    .orElse("gone");
            if (!"AVAILABLE".equals(execution)) {
                log.info(
                        "ExecuteChangeSet {} refused ({}) but the change set is {}: an earlier attempt reached"
                                + " CloudFormation; following the stack",
                        changeSetName,
                        message(e),
                        execution);
                return;
            }
            throw e;
        }
    }

    /** The newest event of the stack now; the events of what Sluice does next come after it. */
    Optional<String> newestEventId() {
        return poller.call(
                "DescribeStackEvents " + name,
                () ->
                        cloudFormation
                                .describeStackEvents(r -> r.stackName(name).overrideConfiguration(asCaller))
                                .stackEvents()
                                .stream()
                                .findFirst()
                                .map(software.amazon.awssdk.services.cloudformation.model.StackEvent::eventId));
    }

    /**
     * Follows the stack until it reaches a terminal status that one of the new events confirms
     * (right after ExecuteChangeSet, DescribeStacks may still show the previous operation's status).
     *
     * @param eventsAfter the newest event before this operation; only later events are reported
     * @param sink receives each batch of new events, oldest first, as soon as they are seen
     * @return the terminal status and all new events, oldest first
     */
    FollowResult follow(Optional<String> eventsAfter, Consumer<List<StackEvent>> sink) {
        Set<String> seen = new HashSet<>();
        List<StackEvent> all = new ArrayList<>();
        String status = poller.until("stack " + name, polling.stackTimeout(), () -> {
            List<StackEvent> fresh = eventsSince(eventsAfter, seen);
            if (!fresh.isEmpty()) {
                all.addAll(fresh);
                sink.accept(fresh);
            }
            State state = describe().orElseThrow(() -> new DeploymentStepException("stack " + name + " disappeared"));
            boolean confirmed =
                    all.stream().anyMatch(e -> e.isStackLevel() && e.status().equals(state.status()));
            return state.isTerminal() && !state.status().equals("REVIEW_IN_PROGRESS") && confirmed
                    ? Optional.of(state.status())
                    : Optional.empty();
        });
        return new FollowResult(status, List.copyOf(all));
    }

    record FollowResult(String status, List<StackEvent> events) {}

    private List<StackEvent> eventsSince(Optional<String> eventsAfter, Set<String> seen) {
        List<StackEvent> newestFirst = new ArrayList<>();
        String token = null;
        page:
        do {
            String current = token;
            DescribeStackEventsResponse response = cloudFormation.describeStackEvents(
                    r -> r.stackName(name).nextToken(current).overrideConfiguration(asCaller));
            for (var e : response.stackEvents()) {
                if (eventsAfter.isPresent() && e.eventId().equals(eventsAfter.get()) || seen.contains(e.eventId())) {
                    break page;
                }
                newestFirst.add(new StackEvent(
                        e.eventId(),
                        e.timestamp(),
                        e.logicalResourceId(),
                        Optional.ofNullable(e.physicalResourceId()),
                        Optional.ofNullable(e.resourceType()),
                        e.resourceStatusAsString(),
                        Optional.ofNullable(e.resourceStatusReason()).filter(s -> !s.isBlank())));
            }
            token = response.nextToken();
        } while (token != null);
        newestFirst.forEach(e -> seen.add(e.eventId()));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The findings of CloudFormation's pre-deployment validation for the stack's last operation
     * (DescribeEvents), which the stack event only points to. Empty where the endpoint has no
     * DescribeEvents.
     */
    List<RollbackDiagnosis.ValidationFailure> validationFailures() {
        try {
            return cloudFormation
                    .describeEvents(r ->
                            r.stackName(name).filters(f -> f.failedEvents(true)).overrideConfiguration(asCaller))
                    .operationEvents()
                    .stream()
                    .filter(e -> e.validationStatusReason() != null)
                    .map(e -> new RollbackDiagnosis.ValidationFailure(
                            e.logicalResourceId(), e.validationPath(), e.validationStatusReason()))
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Removes a stack whose first creation rolled back: CloudFormation can neither update nor re-create it. */
    void deleteAndWait(Optional<String> executionRoleArn) {
        poller.run(
                "DeleteStack " + name,
                () -> cloudFormation.deleteStack(r ->
                        r.stackName(name).roleARN(executionRoleArn.orElse(null)).overrideConfiguration(asCaller)));
        poller.until("deletion of " + name, polling.changeSetTimeout(), () -> {
            Optional<State> state = describe();
            if (state.isPresent() && state.get().status().equals("DELETE_FAILED")) {
                throw new DeploymentStepException("could not delete " + name + " (left in ROLLBACK_COMPLETE by a failed"
                        + " creation): DELETE_FAILED; delete it by hand");
            }
            return state.isEmpty() || state.get().status().equals("DELETE_COMPLETE")
                    ? Optional.of(Boolean.TRUE)
                    : Optional.empty();
        });
    }

    void continueRollback(List<String> resourcesToSkip, Optional<String> executionRoleArn) {
        poller.run(
                "ContinueUpdateRollback " + name,
                () -> cloudFormation.continueUpdateRollback(r -> r.stackName(name)
                        .resourcesToSkip(resourcesToSkip)
                        .roleARN(executionRoleArn.orElse(null))
                        .overrideConfiguration(asCaller)));
    }

    void protectFromTermination() {
        poller.run(
                "UpdateTerminationProtection " + name,
                () -> cloudFormation.updateTerminationProtection(
                        r -> r.stackName(name).enableTerminationProtection(true).overrideConfiguration(asCaller)));
    }

    static boolean isValidationError(CloudFormationException e) {
        return e.awsErrorDetails() != null
                && "ValidationError".equals(e.awsErrorDetails().errorCode());
    }

    static String message(CloudFormationException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage()
                : e.getMessage();
    }
}
