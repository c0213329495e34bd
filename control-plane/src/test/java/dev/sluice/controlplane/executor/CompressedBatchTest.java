package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded executor on one run of three files, a gzip, a truncated zstd and a plain one, on
 * a real directory store: the truncated file fails alone, naming itself and where its data ends,
 * and the other two are converted.
 */
class CompressedBatchTest {

    @TempDir
    Path home;

    private static byte[] csv(String tag, int rows) {
        StringBuilder b = new StringBuilder("id,tag\n");
        for (int i = 1; i <= rows; i++) {
            b.append(i).append(',').append(tag).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTruncatedFileFailsAloneAndTheOtherFilesOfTheRunAreConverted() throws Exception {
        LocalObjectStore store = new LocalObjectStore(home);
        byte[] gzipPlain = csv("gzip", 300);
        byte[] gzip = compress(new ByteArrayOutputStream(), gzipPlain, true);
        byte[] zstd = compress(new ByteArrayOutputStream(), csv("zstd", 20_000), false);
        byte[] cut = Arrays.copyOf(zstd, zstd.length / 2);
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        files.add(EmbeddedRuns.input(store, 1, "drops/a.csv.gz", gzip));
        files.add(EmbeddedRuns.input(store, 2, "drops/b.csv.zst", cut));
        files.add(EmbeddedRuns.input(store, 3, "drops/c.csv", csv("plain", 20)));
        RunManifest manifest = new RunManifest(
                7, 1, "default", "sluice-local/7", "2026-12-02", "output", "", "sluice", "uploads", files);
        JobRunState state = EmbeddedRuns.run(home, store, manifest);

        assertThat(state.phase()).isEqualTo(JobRunState.Phase.SUCCEEDED);
        RunReport report = EmbeddedRuns.report(home, 7);
        assertThat(report.files()).hasSize(3);
        RunReport.FileReport a = report.files().get(0);
        assertThat(a.error()).isEmpty();
        assertThat(a.rowsWritten()).isEqualTo(300);
        assertThat(a.compression()).isEqualTo("gzip");
        assertThat(a.bytesRead()).isEqualTo(gzip.length);
        assertThat(a.uncompressedBytes()).isEqualTo(gzipPlain.length);
        RunReport.FileReport b = report.files().get(1);
        assertThat(b.error())
                .hasValueSatisfying(e -> assertThat(e)
                        .contains("b.csv.zst")
                        .contains("the zstd data is truncated (or damaged): the file ends at compressed byte "
                                + cut.length));
        assertThat(b.rowsWritten()).isZero();
        RunReport.FileReport c = report.files().get(2);
        assertThat(c.error()).isEmpty();
        assertThat(c.compression()).as("none").isEmpty();
        assertThat(c.uncompressedBytes()).isEqualTo(c.bytesRead());

        List<Map<String, Object>> rows = Parquet.rows(home.resolve("output/uploads/*/*.parquet"));
        assertThat(rows)
                .extracting(r -> r.get("tag"))
                .containsOnly("gzip", "plain")
                .hasSize(320);
        assertThat(rows)
                .filteredOn(r -> "gzip".equals(r.get("tag")))
                .allSatisfy(r -> assertThat(r.get("source_file").toString()).endsWith("/input/drops/a.csv.gz"));
    }

    private static byte[] compress(ByteArrayOutputStream out, byte[] data, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(out) : new ZstdOutputStream(out)) {
            o.write(data);
        }
        return out.toByteArray();
    }
}
