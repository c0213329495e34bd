package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Browser;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.controlplane.support.QuotedLinesCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files above the pipeline's split size, uploaded through the API: a plain CSV is converted as
 * range tasks, a gzip file (which cannot be cut) as one task, and the files API and the run's page
 * in the dashboard say why.
 */
class SplitFilesIT extends ApiTestApp {

    private static final String GZIP_NOTE = "converted as one task: it cannot be cut into ranges:"
            + " it is gzip-compressed, and a compressed stream is read from its start";

    @Test
    void aLargePlainUploadGoesAsRangesAndAGzipOneAsOneTaskWhoseNoteSaysWhy() throws Exception {
        String plain = unique("large") + ".csv";
        String gzip = unique("packed") + ".csv.gz";
        byte[] plainBytes = QuotedLinesCsv.of(plain, 20_000, 13);
        assertThat(plainBytes.length).isGreaterThan(3 * 128 << 10);

        assertThat(admin().upload("split", plain, plainBytes).status()).isEqualTo(202);
        byte[] gzipBytes = gzip(QuotedLinesCsv.of(gzip, 20_000, 13));
        assertThat(gzipBytes.length).isGreaterThan(256 << 10);
        assertThat(admin().upload("split", gzip, gzipBytes).status()).isEqualTo(202);

        JsonNode plainFile = awaitProcessed(plain);
        JsonNode gzipFile = awaitProcessed(gzip);
        assertThat(plainFile.path("conversionNote").isNull())
                .as(plainFile.toString())
                .isTrue();
        assertThat(gzipFile.path("conversionNote").asString()).isEqualTo(GZIP_NOTE);
        JsonNode runFiles = admin().get("/api/v1/runs/" + gzipFile.path("runId").asLong())
                .json()
                .path("files");
        assertThat(runFiles.get(0).path("conversionNote").asString())
                .isEqualTo(gzipFile.path("conversionNote").asString());
        JsonNode report = JsonMapper.builder()
                .build()
                .readTree(Files.readString(HOME.resolve(
                        "split-out/_reports/" + plainFile.path("runId").asLong() + ".json")));
        assertThat(report.path("files").get(0).path("parquetRanges").size()).isGreaterThanOrEqualTo(3);
        assertDashboardShowsTheNote(gzipFile.path("runId").asLong());
        for (String name : List.of(plain, gzip)) {
            List<Map<String, Object>> rows = rowsOf(name);
            assertThat(rows).as(name).hasSize(20_000);
            assertThat(rows).extracting(r -> r.get("id")).doesNotHaveDuplicates();
            assertThat(rows)
                    .filteredOn(r -> r.get("note").toString().contains("\n"))
                    .hasSize(20_000 / 13);
        }
    }

    /** The run's page lists the file with its note where an error would be. */
    private void assertDashboardShowsTheNote(long runId) {
        try (Browser browser = Browser.start()) {
            browser.signIn(port, tokenFor(unique("viewer"), "VIEWER"), null);
            browser.driver.get("http://127.0.0.1:" + port + "/#/runs/" + runId);
            WebElement note = browser.waitUpTo(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("[data-test=run-files] [data-test=conversion-note]")));
            assertThat(note.getText()).isEqualTo(GZIP_NOTE);
            browser.screenshot("split-file-note");
        }
    }

    private JsonNode awaitProcessed(String key) {
        Http admin = admin();
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (JsonNode f : admin.get("/api/v1/files?pipeline=split&limit=100")
                                    .json()
                                    .path("items")) {
                                if (f.path("key").asString().equals(key)) {
                                    return f;
                                }
                            }
                            return null;
                        },
                        f -> f != null && "PROCESSED".equals(f.path("status").asString()));
    }

    private static List<Map<String, Object>> rowsOf(String name) throws Exception {
        return Parquet.rows(HOME.resolve("split-out/split/*/*.parquet")).stream()
                .filter(r -> name.equals(String.valueOf(r.get("tag"))))
                .toList();
    }

    /** Stored, not compressed: the file stays above the split size, which counts its own bytes. */
    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            o.write(data);
        }
        return out.toByteArray();
    }
}
