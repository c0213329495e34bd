package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.storage.Location;

/** Where a run's manifest, data, rejects and report live under the pipeline's output. */
public final class RunLayout {

    private RunLayout() {}

    public static Location manifest(PipelineSettings.Output output, long runId, int attempt) {
        return new Location(output.bucket(), output.prefix() + "_manifests/" + runId + "-" + attempt + ".json");
    }

    public static Location report(PipelineSettings.Output output, long runId) {
        return new Location(output.bucket(), output.prefix() + "_reports/" + runId + ".json");
    }

    public static Location rejects(String bucket, String prefix, long runId, String fileName) {
        return new Location(bucket, prefix + "_rejects/" + runId + "/" + fileName);
    }

    public static Location data(String bucket, String prefix, String table, String ingestDate, String fileName) {
        return new Location(bucket, prefix + table + "/ingest_date=" + ingestDate + "/" + fileName);
    }
}
