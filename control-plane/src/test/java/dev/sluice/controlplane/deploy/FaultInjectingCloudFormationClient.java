package dev.sluice.controlplane.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ContinueUpdateRollbackRequest;
import software.amazon.awssdk.services.cloudformation.model.ContinueUpdateRollbackResponse;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.UpdateTerminationProtectionRequest;
import software.amazon.awssdk.services.cloudformation.model.UpdateTerminationProtectionResponse;

/**
 * A CloudFormation client in front of the emulator's that plays CloudFormation states no
 * emulator here produces: an update whose rollback fails (UPDATE_ROLLBACK_FAILED) and is then
 * continued, an update refused because another stack imports an export, and throttling. Calls
 * without an armed fault go to the emulator unchanged.
 */
final class FaultInjectingCloudFormationClient implements CloudFormationClient {

    /** The faults armed by a test, shared by the clients of every account. */
    static final class Faults {
        final Map<String, Scenario> onExecute = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> describeStacksToThrottle = new ConcurrentHashMap<>();
        /** When DescribeStacks was refused, for the stacks armed in describeStacksToThrottle. */
        final List<Instant> throttledAt = new CopyOnWriteArrayList<>();

        final List<List<String>> continuedRollbacks = new CopyOnWriteArrayList<>();
        private final Map<String, Played> played = new ConcurrentHashMap<>();

        void reset() {
            onExecute.clear();
            describeStacksToThrottle.clear();
            throttledAt.clear();
            continuedRollbacks.clear();
            played.clear();
        }
    }

    enum Scenario {
        /** The update of ConvertJob fails, and so does its rollback. */
        UPDATE_ROLLBACK_FAILED,
        /** The update would change an export that sluice-dev-application imports. */
        EXPORT_IN_USE
    }

    /** What the stack shows instead of the emulator's state, newest event first. */
    private record Played(String status, List<StackEvent> newestFirst) {}

    private final CloudFormationClient emulator;
    private final Faults faults;

    FaultInjectingCloudFormationClient(CloudFormationClient emulator, Faults faults) {
        this.emulator = emulator;
        this.faults = faults;
    }

    @Override
    public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
        AtomicInteger throttle = faults.describeStacksToThrottle.get(request.stackName());
        if (throttle != null && throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            faults.throttledAt.add(Instant.now());
            throw (CloudFormationException) CloudFormationException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("Throttling")
                            .errorMessage("Rate exceeded")
                            .build())
                    .build();
        }
        DescribeStacksResponse real = emulator.describeStacks(request);
        Played played = faults.played.get(request.stackName());
        if (played == null) {
            return real;
        }
        return real.toBuilder()
                .stacks(real.stacks().stream()
                        .map(s -> s.toBuilder().stackStatus(played.status()).build())
                        .toList())
                .build();
    }

    @Override
    public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest request) {
        DescribeStackEventsResponse real = emulator.describeStackEvents(request);
        Played played = faults.played.get(request.stackName());
        if (played == null || request.nextToken() != null) {
            return real;
        }
        List<StackEvent> events = new ArrayList<>(played.newestFirst());
        events.addAll(real.stackEvents());
        return real.toBuilder().stackEvents(events).build();
    }

    @Override
    public ExecuteChangeSetResponse executeChangeSet(ExecuteChangeSetRequest request) {
        Scenario scenario = faults.onExecute.remove(request.stackName());
        if (scenario == null) {
            return emulator.executeChangeSet(request);
        }
        String stack = request.stackName();
        List<StackEvent> events = new ArrayList<>();
        if (scenario == Scenario.UPDATE_ROLLBACK_FAILED) {
            events.add(event(stack, stack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"));
            events.add(event(stack, "ConvertJob", "AWS::Glue::Job", "UPDATE_IN_PROGRESS", null));
            events.add(event(
                    stack,
                    "ConvertJob",
                    "AWS::Glue::Job",
                    "UPDATE_FAILED",
                    "Resource handler returned message: \"User is not authorized to perform: glue:UpdateJob\""));
            events.add(event(
                    stack,
                    stack,
                    "AWS::CloudFormation::Stack",
                    "UPDATE_ROLLBACK_IN_PROGRESS",
                    "The following resource(s) failed to update: [ConvertJob]."));
            events.add(event(
                    stack,
                    "ConvertJob",
                    "AWS::Glue::Job",
                    "UPDATE_FAILED",
                    "Resource handler returned message: \"Entity Not Found (Service: Glue, Status Code: 400)\""));
            events.add(event(
                    stack,
                    stack,
                    "AWS::CloudFormation::Stack",
                    "UPDATE_ROLLBACK_FAILED",
                    "The following resource(s) failed to update: [ConvertJob]."));
            play(stack, "UPDATE_ROLLBACK_FAILED", events);
        } else {
            events.add(event(stack, stack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"));
            events.add(event(
                    stack,
                    stack,
                    "AWS::CloudFormation::Stack",
                    "UPDATE_ROLLBACK_IN_PROGRESS",
                    "Export dev-sluice-AssetsBucketName cannot be updated as it is in use by sluice-dev-application"));
            events.add(event(
                    stack, stack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null));
            events.add(event(stack, stack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null));
            play(stack, "UPDATE_ROLLBACK_COMPLETE", events);
        }
        return ExecuteChangeSetResponse.builder().build();
    }

    @Override
    public ContinueUpdateRollbackResponse continueUpdateRollback(ContinueUpdateRollbackRequest request) {
        String stack = request.stackName();
        Played played = faults.played.get(stack);
        if (played == null || !played.status().equals("UPDATE_ROLLBACK_FAILED")) {
            return emulator.continueUpdateRollback(request);
        }
        faults.continuedRollbacks.add(List.copyOf(request.resourcesToSkip()));
        List<StackEvent> events = new ArrayList<>();
        events.add(event(
                stack,
                stack,
                "AWS::CloudFormation::Stack",
                "UPDATE_ROLLBACK_IN_PROGRESS",
                "Continue rollback requested"));
        for (String skipped : request.resourcesToSkip()) {
            events.add(event(stack, skipped, "AWS::Glue::Job", "UPDATE_COMPLETE", "Resource skipped during rollback"));
        }
        events.add(event(stack, stack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null));
        List<StackEvent> chronological = reversed(played.newestFirst());
        chronological.addAll(events);
        play(stack, "UPDATE_ROLLBACK_COMPLETE", chronological);
        return ContinueUpdateRollbackResponse.builder().build();
    }

    private void play(String stack, String status, List<StackEvent> chronological) {
        faults.played.put(stack, new Played(status, reversed(chronological)));
    }

    private static List<StackEvent> reversed(List<StackEvent> events) {
        List<StackEvent> copy = new ArrayList<>(events);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** Event times strictly increase, as CloudFormation's do within one operation. */
    private static final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();

    private static Instant tick() {
        long now = System.currentTimeMillis();
        return Instant.ofEpochMilli(clock.updateAndGet(last -> Math.max(now, last + 1)));
    }

    private static StackEvent event(String stack, String logicalId, String type, String status, String reason) {
        return StackEvent.builder()
                .eventId(UUID.randomUUID().toString())
                .stackName(stack)
                .logicalResourceId(logicalId)
                .resourceType(type)
                .resourceStatus(status)
                .resourceStatusReason(reason)
                .timestamp(tick())
                .build();
    }

    // ------------------------------------------------------------------ unchanged calls

    @Override
    public CreateChangeSetResponse createChangeSet(CreateChangeSetRequest request) {
        return emulator.createChangeSet(request);
    }

    @Override
    public DescribeChangeSetResponse describeChangeSet(DescribeChangeSetRequest request) {
        return emulator.describeChangeSet(request);
    }

    @Override
    public DeleteChangeSetResponse deleteChangeSet(DeleteChangeSetRequest request) {
        return emulator.deleteChangeSet(request);
    }

    @Override
    public DeleteStackResponse deleteStack(DeleteStackRequest request) {
        return emulator.deleteStack(request);
    }

    @Override
    public DescribeEventsResponse describeEvents(DescribeEventsRequest request) {
        return emulator.describeEvents(request);
    }

    @Override
    public UpdateTerminationProtectionResponse updateTerminationProtection(UpdateTerminationProtectionRequest request) {
        return emulator.updateTerminationProtection(request);
    }

    @Override
    public String serviceName() {
        return emulator.serviceName();
    }

    @Override
    public void close() {
        // the emulator's client belongs to AccountClients
    }
}
