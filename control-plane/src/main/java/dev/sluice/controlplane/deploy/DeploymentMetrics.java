package dev.sluice.controlplane.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code sluice.deployments.finished}: deployments by outcome, counted when a deployment reaches
 * an end (SUCCEEDED, FAILED, NO_CHANGES, PLANNED, REJECTED, CANCELLED) or ROLLBACK_FAILED, the state
 * in which a stack waits for an operator.
 */
@Component
class DeploymentMetrics {

    private final MeterRegistry registry;

    DeploymentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    // In the storing transaction, as the count was taken before it moved here: a rolled-back
    // transaction rethrows to the runner, which stores the deployment's failure and counts that.
    @EventListener
    void reached(DeploymentEnded deployment) {
        DeploymentStatus status = deployment.status();
        if (!status.isTerminal() && status != DeploymentStatus.ROLLBACK_FAILED) {
            return;
        }
        registry.counter(
                        "sluice.deployments.finished",
                        "environment",
                        deployment.environment(),
                        "stack",
                        deployment.stack().id(),
                        "status",
                        status.name())
                .increment();
    }
}
