package dev.sluice.controlplane.logging;

import org.slf4j.MDC;

/**
 * The ids that every log line names while code works on a run, a file or a deployment:
 * {@code runId}, {@code fileId}, {@code deploymentId} in the logging context (MDC). The plain
 * format ignores them; the JSON formats ({@code SLUICE_LOG_FORMAT}) write them as fields.
 *
 * <p>Unlike {@link MDC#putCloseable}, closing restores the value the key had before, so a scope
 * opened inside another for the same run does not strip the id from the outer scope's lines.
 */
public final class LogContext implements AutoCloseable {

    public static final String RUN_ID = "runId";
    public static final String FILE_ID = "fileId";
    public static final String DEPLOYMENT_ID = "deploymentId";

    private final String key;
    private final String previous;

    private LogContext(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        MDC.put(key, value);
    }

    public static LogContext run(long runId) {
        return new LogContext(RUN_ID, Long.toString(runId));
    }

    public static LogContext file(long fileId) {
        return new LogContext(FILE_ID, Long.toString(fileId));
    }

    public static LogContext deployment(String deploymentId) {
        return new LogContext(DEPLOYMENT_ID, deploymentId);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
