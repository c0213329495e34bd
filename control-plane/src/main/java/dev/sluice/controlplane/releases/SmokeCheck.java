package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.AccountSession;
import dev.sluice.controlplane.environments.Environment;
import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.core.io.ResourceLoader;
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
    private final FileArrivals files;
    private final RunService runs;

    SmokeCheck(
            AccountClients clients,
            InfrastructureCheck infrastructure,
            ReleasesProperties properties,
            ResourceLoader resources,
            FileArrivals files,
            RunService runs) {
        this.clients = clients;
        this.infrastructure = infrastructure;
        this.properties = properties;
        this.resources = resources;
        this.files = files;
        this.runs = runs;
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
        Optional<RecordedFile> file = files.latest(bucket, key);
        if (file.isEmpty()) {
            return new Outcome.Pending("waiting for the pipeline to receive " + smokeObject);
        }
        RecordedFile f = file.get();
        Optional<Run> run = Optional.ofNullable(f.runId()).flatMap(runs::find);
        if (run.isEmpty()) {
            return switch (f.status().name()) {
                case "FAILED", "EMPTY", "TOO_LARGE" ->
                    new Outcome.Failed(smokeObject + " was not converted: " + f.status()
                            + Optional.ofNullable(f.errorMessage())
                                    .map(e -> " (" + e + ")")
                                    .orElse(""));
                default -> new Outcome.Pending("waiting for a run of " + smokeObject);
            };
        }
        Run r = run.get();
        return switch (r.status().name()) {
            case "SUCCEEDED" -> new Outcome.Passed(r.id());
            case "FAILED", "TIMEOUT", "STOPPED" ->
                new Outcome.Failed("run " + r.id() + " of " + smokeObject + " ended " + r.status()
                        + Optional.ofNullable(r.errorMessage())
                                .map(e -> ": " + e)
                                .orElse(""));
            default -> new Outcome.Pending("run " + r.id() + " of " + smokeObject + " is " + r.status());
        };
    }
}
