package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.accounts.AccountClients;
import dev.sluice.controlplane.accounts.AccountSession;
import dev.sluice.controlplane.accounts.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The smoke gate: a sample CSV goes to the environment's input bucket, and the run that the
 * environment's pipeline makes of it must succeed. The outcome is read from Sluice's own record of
 * files and runs (the file as ingested from the bucket's notification, and its run).
 */
@Component
class SmokeCheck {

    sealed interface Outcome {
        record Pending(String why) implements Outcome {}

        record Passed(long runId) implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }

    private final AccountClients clients;
    private final InfrastructureCheck infrastructure;
    private final ReleasesProperties properties;
    private final ResourceLoader resources;
    private final JdbcClient jdbc;

    SmokeCheck(
            AccountClients clients,
            InfrastructureCheck infrastructure,
            ReleasesProperties properties,
            ResourceLoader resources,
            JdbcClient jdbc) {
        this.clients = clients;
        this.infrastructure = infrastructure;
        this.properties = properties;
        this.resources = resources;
        this.jdbc = jdbc;
    }

    /** Uploads the sample; returns its {@code s3://} URI. */
    String start(Release release, Environment environment) {
        String exportName = environment.name() + "-sluice-InputBucketName";
        String bucket = Optional.ofNullable(infrastructure.exports(environment).get(exportName))
                .orElseThrow(() -> new IllegalStateException(
                        "no export " + exportName + " in " + environment.name() + ": is its infrastructure deployed?"));
        String key = properties.smokePrefix() + "sluice-smoke/" + release.id() + "-" + environment.name() + ".csv";
        byte[] sample;
        try (InputStream in = resources.getResource(properties.smokeSample()).getInputStream()) {
            sample = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the smoke sample " + properties.smokeSample(), e);
        }
        try (AccountSession session = clients.openSession(environment, "sluice-release-" + release.id())) {
            clients.s3(environment)
                    .putObject(
                            r -> r.bucket(bucket)
                                    .key(key)
                                    .contentType("text/csv")
                                    .overrideConfiguration(session.asCaller()),
                            RequestBody.fromBytes(sample));
        }
        return "s3://" + bucket + "/" + key;
    }

    Outcome check(String smokeObject) {
        String path = smokeObject.substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        record Row(String fileStatus, String fileError, Long runId, String runStatus, String runError) {}
        Optional<Row> row = jdbc.sql("""
                        select f.status as file_status, f.error_message as file_error, r.id as run_id,
                            r.status as run_status, r.error_message as run_error
                        from file_arrival f left join run r on r.id = f.run_id
                        where f.bucket = :bucket and f.object_key = :key
                        order by f.id desc limit 1
                        """)
                .param("bucket", bucket)
                .param("key", key)
                .query((rs, n) -> new Row(
                        rs.getString("file_status"),
                        rs.getString("file_error"),
                        rs.getObject("run_id") == null ? null : rs.getLong("run_id"),
                        rs.getString("run_status"),
                        rs.getString("run_error")))
                .optional();
        if (row.isEmpty()) {
            return new Outcome.Pending("waiting for the pipeline to receive " + smokeObject);
        }
        Row r = row.get();
        if (r.runStatus() == null) {
            return switch (r.fileStatus()) {
                case "FAILED", "EMPTY", "TOO_LARGE" ->
                    new Outcome.Failed(smokeObject + " was not converted: " + r.fileStatus()
                            + Optional.ofNullable(r.fileError())
                                    .map(e -> " (" + e + ")")
                                    .orElse(""));
                default -> new Outcome.Pending("waiting for a run of " + smokeObject);
            };
        }
        return switch (r.runStatus()) {
            case "SUCCEEDED" -> new Outcome.Passed(r.runId());
            case "FAILED", "TIMEOUT", "STOPPED" ->
                new Outcome.Failed("run " + r.runId() + " of " + smokeObject + " ended " + r.runStatus()
                        + Optional.ofNullable(r.runError()).map(e -> ": " + e).orElse(""));
            default -> new Outcome.Pending("run " + r.runId() + " of " + smokeObject + " is " + r.runStatus());
        };
    }
}
