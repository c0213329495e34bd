package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.controlplane.support.QuotedLinesCsv;
import dev.sluice.manifest.FileSplit;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded executor with the pipeline's split size: a large plain CSV becomes range tasks and
 * range files, a large gzip file (which cannot be cut) one task, and every row is there once.
 */
class SplitBatchTest {

    @TempDir
    Path home;

    @Test
    void aLargePlainFileIsConvertedAsRangesAndACompressedOneAsOneTask() throws Exception {
        LocalObjectStore store = new LocalObjectStore(home);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(QuotedLinesCsv.of("gzip", 30_000, 11));
        }
        List<RunManifest.ManifestFile> files = List.of(
                EmbeddedRuns.input(store, 1, "drops/large.csv", QuotedLinesCsv.of("plain", 30_000, 11)),
                EmbeddedRuns.input(store, 2, "drops/b.csv.gz", gz.toByteArray()));
        RunManifest manifest = new RunManifest(
                8,
                1,
                "default",
                "sluice-local/8",
                "2026-12-02",
                "output",
                "",
                "sluice",
                "uploads",
                files,
                List.of(),
                TableOutput.DEFAULT,
                new FileSplit(64 << 10, 128 << 10));
        JobRunState state = EmbeddedRuns.run(home, store, manifest);

        assertThat(state.phase()).isEqualTo(JobRunState.Phase.SUCCEEDED);
        RunReport report = EmbeddedRuns.report(home, 8);
        assertThat(report.files().get(0).parquetRanges()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(report.files().get(1).parquetRanges()).isEmpty();
        assertThat(report.files().get(1).compression()).isEqualTo("gzip");
        assertThat(report.files().get(1).note())
                .isEqualTo("converted as one task: it cannot be cut into ranges: it is gzip-compressed, and a"
                        + " compressed stream is read from its start");
        List<Map<String, Object>> rows = Parquet.rows(home.resolve("output/uploads/*/*.parquet"));
        assertThat(rows).hasSize(60_000);
        assertThat(rows).extracting(r -> r.get("id") + " " + r.get("tag")).doesNotHaveDuplicates();
        assertThat(rows)
                .filteredOn(r -> r.get("note").toString().contains("\n"))
                .hasSize(2 * (30_000 / 11));
    }
}
