package dev.sluice.controlplane.environments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Reads each of Sluice's stacks in an environment through the environment's deployer role, as the
 * deployer does. Answers are kept for a few seconds so that dashboards and scripts polling the
 * list do not turn into a stream of AssumeRole and DescribeStacks calls.
 */
@Component
class StackStatusReader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StackStatusReader.class);
    private static final Duration FRESH = Duration.ofSeconds(3);

    private final AccountClients clients;
    private final SluiceStacks kinds;
    private final Clock clock;
    private final Map<String, AccountSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    StackStatusReader(AccountClients clients, SluiceStacks kinds, Clock clock) {
        this.clients = clients;
        this.kinds = kinds;
        this.clock = clock;
    }

    private record Cached(List<EnvironmentView.StackView> stacks, Instant at) {}

    List<EnvironmentView.StackView> stacks(Environment environment) {
        Instant now = clock.instant();
        Cached cached = cache.get(environment.name());
        if (cached != null && cached.at().plus(FRESH).isAfter(now)) {
            return cached.stacks();
        }
        List<EnvironmentView.StackView> stacks =
                kinds.ids().stream().map(kind -> describe(environment, kind)).toList();
        cache.put(environment.name(), new Cached(stacks, now));
        return stacks;
    }

    private EnvironmentView.StackView describe(Environment environment, String kind) {
        String name = environment.stackName(kind);
        try {
            AccountSession session = sessions.computeIfAbsent(
                    environment.name(), n -> clients.openSession(environment, "sluice-status-" + n));
            Stack stack = clients.cloudFormation(environment)
                    .describeStacks(r -> r.stackName(name).overrideConfiguration(session.asCaller()))
                    .stacks()
                    .get(0);
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            Instant updated = stack.lastUpdatedTime() != null ? stack.lastUpdatedTime() : stack.creationTime();
            return new EnvironmentView.StackView(
                    kind, name, stack.stackStatusAsString(), Optional.ofNullable(updated), outputs, Optional.empty());
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                return new EnvironmentView.StackView(
                        kind, name, "NOT_DEPLOYED", Optional.empty(), Map.of(), Optional.empty());
            }
            return unknown(environment, kind, name, message);
        } catch (SdkException e) {
            return unknown(environment, kind, name, e.getMessage());
        }
    }

    private EnvironmentView.StackView unknown(Environment environment, String kind, String name, String reason) {
        log.warn("Cannot read stack {} of environment {}: {}", name, environment.name(), reason);
        return new EnvironmentView.StackView(
                kind, name, "UNKNOWN", Optional.empty(), Map.of(), Optional.of("cannot read the stack: " + reason));
    }

    @Override
    public void destroy() {
        sessions.values().forEach(AccountSession::close);
    }
}
