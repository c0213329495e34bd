package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs a manifest through the embedded executor on two task threads, as the local profile does. */
final class EmbeddedRuns {

    private EmbeddedRuns() {}

    /** Stores {@code content} under {@code input/key} and lists it as the manifest's file {@code id}. */
    static RunManifest.ManifestFile input(LocalObjectStore store, long id, String key, byte[] content) {
        StoredObject stored = store.put(new Location("input", key), content);
        return new RunManifest.ManifestFile(
                id, stored.uri(), "input", key, stored.size(), stored.etag(), "", stored.uri());
    }

    /** Writes the manifest beside the output and runs its attempt 1 to the end. */
    static JobRunState run(Path home, LocalObjectStore store, RunManifest manifest) {
        long runId = manifest.runId();
        Location manifestAt = new Location("output", "_manifests/" + runId + ".json");
        store.put(manifestAt, manifest.toJson());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            return new EmbeddedBatchJob(store, pool, 2, Clock.systemUTC())
                    .run(
                            new JobRequest(
                                    runId,
                                    1,
                                    "sluice-local",
                                    "sluice-local/" + runId,
                                    manifestAt,
                                    "",
                                    home.resolve("output").toUri().toString(),
                                    "sluice",
                                    "uploads"),
                            "local-" + runId);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The run's report, as the job wrote it. */
    static RunReport report(Path home, long runId) throws IOException {
        Path reportFile = home.resolve("output").resolve(OutputLayout.report(runId));
        return RunReport.fromJson(Files.readAllBytes(reportFile), reportFile.toString());
    }
}
