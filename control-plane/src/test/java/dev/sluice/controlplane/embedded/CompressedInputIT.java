package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Parquet;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compressed files in embedded mode: uploaded through the API and dropped into the input
 * directory, converted by the local executor, their rows read back with DuckDB.
 */
class CompressedInputIT extends ApiTestApp {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    FileArrivals arrivals;

    private static byte[] csv(String tag, int rows) {
        StringBuilder b = new StringBuilder("meter,reading,tag\n");
        for (int i = 1; i <= rows; i++) {
            b.append("m")
                    .append(i)
                    .append(',')
                    .append(i * 3)
                    .append(',')
                    .append(tag)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGzipUploadIsConvertedAndItsRowsKeepTheRealKeyAsSourceFile() throws Exception {
        String name = unique("meters") + ".csv.gz";
        byte[] plain = csv(name, 500);
        byte[] gzip = gzip(plain);

        String answer = upload(name, gzip);

        assertThat(answer).contains("\"duplicate\":false").contains(name);
        RecordedFile file = awaitStatus(name, FileStatus.PROCESSED);
        List<Map<String, Object>> rows = rowsOf(name);
        assertThat(rows).hasSize(500);
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.get("source_file").toString()).endsWith("/input/" + name));
        assertThat(rows).extracting(r -> r.get("reading")).contains(3, 1500);
        JsonNode report = runReport(file.runId()).path("files").get(0);
        assertThat(report.path("compression").asString()).isEqualTo("gzip");
        assertThat(report.path("bytesRead").asLong()).isEqualTo(gzip.length);
        assertThat(report.path("uncompressedBytes").asLong()).isEqualTo(plain.length);
    }

    @Test
    void aTruncatedUploadFailsNamingItselfAndWhereItsDataEnds() throws Exception {
        String name = unique("cut") + ".csv.zst";
        byte[] whole = zstd(csv(name, 20_000));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);

        upload(name, half);

        RecordedFile file = awaitStatus(name, FileStatus.FAILED);
        assertThat(file.errorMessage())
                .contains(name)
                .contains("the zstd data is truncated (or damaged): the file ends at compressed byte " + half.length);
        assertThat(rowsOf(name)).isEmpty();
    }

    @Test
    void aBzip2FileDroppedIntoTheInputDirectoryIsConverted() throws Exception {
        String name = unique("dropped") + ".csv.bz2";
        Path input = Files.createDirectories(HOME.resolve("input/drops"));
        Path part = input.resolve("." + name + ".part");
        Files.write(part, bzip2(csv(name, 40)));
        Files.move(part, input.resolve(name));

        awaitStatus("drops/" + name, FileStatus.PROCESSED);
        List<Map<String, Object>> rows = rowsOf(name);
        assertThat(rows).hasSize(40);
        assertThat(rows)
                .allSatisfy(r -> assertThat(r.get("source_file").toString()).endsWith("/input/drops/" + name));
    }

    private RecordedFile awaitStatus(String key, FileStatus status) {
        return await().atMost(DEADLINE)
                .until(
                        () -> arrivals.recent(1000).stream()
                                .filter(f -> f.key().equals(key))
                                .filter(f -> f.status() == status)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** This file's rows (runs of other tests write beside them), found by their tag column. */
    private static List<Map<String, Object>> rowsOf(String name) throws Exception {
        if (!Files.isDirectory(HOME.resolve("output/uploads"))) {
            return List.of();
        }
        return Parquet.rows(HOME.resolve("output/uploads/*/*.parquet")).stream()
                .filter(r -> name.equals(String.valueOf(r.get("tag"))))
                .toList();
    }

    private static JsonNode runReport(Long runId) throws IOException {
        Path report = HOME.resolve("output/_reports/" + runId + ".json");
        return JsonMapper.builder().build().readTree(Files.readString(report));
    }

    private String upload(String name, byte[] content) {
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .build()
                .post()
                .uri("/api/v1/files")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .retrieve()
                .body(String.class);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(out)) {
            o.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = new ZstdOutputStream(out)) {
            o.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] bzip2(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = new BZip2CompressorOutputStream(out)) {
            o.write(data);
        }
        return out.toByteArray();
    }
}
