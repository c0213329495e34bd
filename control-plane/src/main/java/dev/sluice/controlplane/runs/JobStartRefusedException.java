package dev.sluice.controlplane.runs;

/** The executor cannot start a job run now (concurrency limit, throttling, 5xx): try again later. */
public class JobStartRefusedException extends RuntimeException {

    public JobStartRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
