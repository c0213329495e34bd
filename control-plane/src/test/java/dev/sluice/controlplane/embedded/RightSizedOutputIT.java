package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.testsupport.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A thousand small CSVs dropped into the input directory at once: one run, a handful of Parquet
 * files of about the pipeline's target size, every row with its lineage; then one of them
 * reprocessed, after which DuckDB reads each row once.
 */
class RightSizedOutputIT extends ApiTestApp {

    static final int FILES = 1000;

    @Test
    void aThousandSmallFilesBecomeAHandfulOfParquetFilesAndAReprocessKeepsEachRowOnce() throws Exception {
        String prefix = unique("burst") + "-";
        Path staging = TestDirs.temporary("sluice-burst-");
        Path input = HOME.resolve("small-in");
        Files.createDirectories(input);
        for (int i = 0; i < FILES; i++) {
            Path csv = Files.writeString(
                    staging.resolve(prefix + i + ".csv"),
                    "id,name,amount\n" + (3 * i) + ",a" + i + ",1.5\n" + (3 * i + 1) + ",b,2.25\n" + (3 * i + 2)
                            + ",c,\n");
            Files.move(csv, input.resolve(csv.getFileName()));
        }
        Path table = HOME.resolve("small-out/events");
        String glob = table + "/*/*.parquet";

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Files.isDirectory(table) && count(glob, prefix) == 3L * FILES);

        List<Path> parquet = parquetFiles(table);
        assertThat(parquet)
                .as("a thousand small files in a handful of Parquet files")
                .hasSizeBetween(2, 12);
        assertThat(query("SELECT count(DISTINCT source_file) AS files, count(DISTINCT id) AS ids FROM read_parquet('"
                        + glob + "') WHERE source_file LIKE '%" + prefix + "%'"))
                .containsExactly(Map.of("files", (long) FILES, "ids", 3L * FILES));
        assertThat(query("SELECT count(*) AS n FROM (SELECT source_file FROM read_parquet('" + glob
                        + "') WHERE source_file LIKE '%" + prefix + "%' GROUP BY 1 HAVING count(*) <> 3)"))
                .as("three rows per source file")
                .containsExactly(Map.of("n", 0L));

        // the rows are visible once published; the file is reprocessable once its run has ended
        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin().postJson(
                                        "/api/v1/pipelines/small/reprocess?dryRun=true",
                                        Map.of("prefix", prefix + "7.csv"))
                                .json()
                                .path("files")
                                .asInt()
                        == 1);
        var done = admin().postJson("/api/v1/pipelines/small/reprocess", Map.of("prefix", prefix + "7.csv"));
        assertThat(done.status()).as(done.toString()).isEqualTo(202);
        assertThat(done.json().path("files").asInt()).isEqualTo(1);
        long again = done.json().path("runIds").get(0).asLong();
        awaitRun(again, "SUCCEEDED");

        assertThat(count(glob, prefix)).as("each row once").isEqualTo(3L * FILES);
        List<Map<String, Object>> reprocessed = query("SELECT processing_job FROM read_parquet('" + glob
                + "') WHERE source_file LIKE '%/" + prefix + "7.csv'");
        assertThat(reprocessed)
                .hasSize(3)
                .allSatisfy(
                        row -> assertThat(row.get("processing_job").toString()).contains("run-" + again + "-"));
        assertThat(query("SELECT count(DISTINCT id) AS ids FROM read_parquet('" + glob + "') WHERE source_file LIKE '%"
                        + prefix + "%'"))
                .containsExactly(Map.of("ids", 3L * FILES));
    }

    private static List<Path> parquetFiles(Path table) throws Exception {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
    }

    private static long count(String glob, String prefix) throws Exception {
        return (Long) query("SELECT count(*) AS n FROM read_parquet('" + glob + "') WHERE source_file LIKE '%" + prefix
                        + "%'")
                .get(0)
                .get("n");
    }

    private static List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duckdb.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
