package dev.sluice.controlplane.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Looks at something in CloudFormation until it is done, at the policy's interval, doubling the
 * pause while CloudFormation throttles or does not answer (after the SDK's own
 * retries gave up) and going back to the normal pace once a call succeeds. Only the step's deadline
 * ends the waiting: a deployment is not failed because CloudFormation could not be asked.
 */
final class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final PollingPolicy policy;

    Poller(PollingPolicy policy) {
        this.policy = policy;
    }

    <T> T until(String what, Duration timeout, Supplier<Optional<T>> check) {
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = policy.interval();
        while (true) {
            try {
                Optional<T> done = check.get();
                if (done.isPresent()) {
                    return done.get();
                }
                pause = policy.interval();
            } catch (AwsServiceException e) {
                // A 5xx is not retried here: some answers are a permanent 500 (an operation the
                // endpoint does not implement), and the SDK has already retried it.
                if (!e.isThrottlingException()) {
                    throw e;
                }
                pause = policy.backedOff(pause);
                log.warn("CloudFormation throttled while waiting for {}; next look in {}", what, pause);
            } catch (SdkClientException e) {
                // A call that timed out or lost its connection, after the SDK's own retries: the
                // stack goes on regardless, so keep looking rather than fail the deployment.
                pause = policy.backedOff(pause);
                log.warn("CloudFormation did not answer {} ({}); next look in {}", what, e.getMessage(), pause);
            }
            if (Instant.now().plus(pause).isAfter(deadline)) {
                throw new DeploymentStepException(what + " did not finish within " + timeout);
            }
            sleep(pause);
        }
    }

    /** Runs a call, retrying it with backoff while CloudFormation throttles. */
    <T> T call(String what, Supplier<T> call) {
        return until(what, policy.changeSetTimeout(), () -> Optional.of(call.get()));
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentInterruptedException();
        }
    }

    /** The service is shutting down; the deployment resumes from its stored status at the next start. */
    static final class DeploymentInterruptedException extends RuntimeException {
        DeploymentInterruptedException() {
            super("interrupted by shutdown; resumes at the next start");
        }
    }
}
