package dev.sluice.processor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.DuckDb;
import dev.sluice.processor.internal.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    private Path csv;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void input() throws IOException {
        csv = Files.writeString(dir.resolve("orders.csv"), "id;amount\n1;12.30\n2;x\n3\n");
    }

    private int run(String... args) {
        return Cli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void convertPrintsOneLineAndWritesReportAndRejects() throws IOException {
        Path parquet = dir.resolve("out/orders.parquet");
        Path report = dir.resolve("out/report.json");
        Path rejects = dir.resolve("out/rejects.csv");
        int status = run(
                "convert",
                csv.toString(),
                parquet.toString(),
                "--job",
                "nightly/42",
                "--source-uri",
                "s3://in/orders.csv",
                "--report",
                report.toString(),
                "--rejects",
                rejects.toString(),
                "--max-reject-ratio",
                "0.5",
                "--compression",
                "zstd",
                "--quiet");
        assertThat(status).as(err()).isZero();
        assertThat(out().lines().toList())
                .singleElement()
                .asString()
                .startsWith("converted " + csv + " -> " + parquet + ": 3 rows read, 2 written, 1 rejected, 2 columns");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(report));
        assertThat(json)
                .containsEntry("source", "s3://in/orders.csv")
                .containsEntry("rowsRead", 3.0)
                .containsEntry("rowsWritten", 2.0)
                .containsEntry("rowsRejected", 1.0)
                .containsEntry("compression", "ZSTD");
        assertThat(json.get("schema").toString()).contains("name=amount, type=STRING");
        assertThat(Files.readAllLines(rejects)).hasSize(2);
        assertThat(DuckDb.rows(parquet, "processing_job, source_file"))
                .containsOnly(Map.of("processing_job", "nightly/42", "source_file", "s3://in/orders.csv"));
    }

    @Test
    void threadsThatCannotBeUsedSayWhyOnStandardErrorAndInTheReport() throws IOException {
        Path gzip = dir.resolve("orders.csv.gz");
        try (var o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            o.write("id,amount\n1,12.30\n2,7.25\n".getBytes(StandardCharsets.UTF_8));
        }
        Path report = dir.resolve("report.json");

        int status = run(
                "convert",
                gzip.toString(),
                dir.resolve("o.parquet").toString(),
                "--threads",
                "2",
                "--report",
                report.toString(),
                "--quiet");

        assertThat(status).as(err()).isZero();
        assertThat(err()).isEqualTo("sluice convert: on one thread: it is smaller than two ranges of 8 MB\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(report));
        assertThat(json)
                .containsEntry("ranges", 1.0)
                .containsEntry("oneThread", "it is smaller than two ranges of 8 MB");
        err.reset();
        assertThat(run("convert", gzip.toString(), dir.resolve("p.parquet").toString(), "--quiet"))
                .isZero();
        assertThat(err()).as("one thread asked for: nothing to say").isEmpty();
    }

    @Test
    void theReadingOptionsReachTheConversion() throws IOException {
        Path parquet = dir.resolve("o.parquet");
        int status = run(
                "convert",
                csv.toString(),
                parquet.toString(),
                "--delimiter",
                ",",
                "--no-header",
                "--null",
                "2;x",
                "--on-error",
                "reject",
                "--max-reject-ratio=1",
                "--row-group-size",
                "1MB");
        assertThat(status).as(err()).isZero();
        assertThat(DuckDb.rows(parquet, "col_1"))
                .extracting(r -> r.get("col_1"))
                .containsExactly("id;amount", "1;12.30", null, "3");
    }

    @Test
    void aFailedConversionExitsWithOne() {
        int status = run("convert", csv.toString(), dir.resolve("f.parquet").toString(), "--on-error", "fail");
        assertThat(status).isEqualTo(1);
        assertThat(err()).contains("conversion failed").contains("line 4").contains(csv.toString());
        assertThat(dir.resolve("f.parquet")).doesNotExist();
    }

    @Test
    void wrongUsageExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("convert", csv.toString())).isEqualTo(2);
        assertThat(run("convert", csv.toString(), "x.parquet", "--compression", "lz9"))
                .isEqualTo(2);
        assertThat(run("convert", dir.resolve("missing.csv").toString(), "x.parquet"))
                .isEqualTo(2);
        assertThat(run("explode", csv.toString())).isEqualTo(2);
        assertThat(run("convert", csv.toString(), "x.parquet", "--delimiter", "ab"))
                .isEqualTo(2);
        assertThat(err()).contains("no such file").contains("unknown command").contains("takes one of");
    }

    @Test
    void helpListsTheCommandsAndHowToGetEachOnesOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out())
                .contains("convert IN OUT [options]")
                .contains("inspect IN [options]")
                .contains("sluice convert --help")
                .contains("sluice inspect --help");
    }

    @Test
    void convertHelpPrintsTheConvertOptions() {
        assertThat(run("convert", "--help")).as(err()).isZero();
        assertThat(out())
                .startsWith("usage: sluice convert IN OUT [options]")
                .contains("--rejects FILE")
                .contains("--on-error reject|fail")
                .contains("--delimiter C")
                .contains("--max-columns N");
        assertThat(err()).isEmpty();
    }

    @Test
    void helpAnywhereOnTheLineWinsOverMissingValues() {
        assertThat(run("convert", csv.toString(), "--rejects", "-h")).isZero();
        assertThat(out()).contains("--on-error reject|fail");
        assertThat(run("inspect", "--help")).isZero();
        assertThat(out()).contains("usage: sluice inspect IN [options]").contains("--json");
    }

    @Test
    void convertWithoutArgumentsSaysWhatIsMissingAndListsTheOptions() {
        assertThat(run("convert")).isEqualTo(2);
        assertThat(err())
                .startsWith("sluice: convert needs IN and OUT: the CSV file to read and the Parquet file to write")
                .contains("--rejects FILE")
                .contains("--max-columns N");
    }

    @Test
    void aUsageErrorPointsAtTheCommandsOwnHelp() {
        assertThat(run("convert", csv.toString())).isEqualTo(2);
        assertThat(err()).contains("run 'sluice convert --help' for its options");
    }

    @Test
    void maxColumnsRefusesAWiderFileNamingTheLimitAndTheCount() throws IOException {
        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b,c,d,e\n1,2,3,4,5\n");
        int status = run("convert", wide.toString(), dir.resolve("w.parquet").toString(), "--max-columns", "4");
        assertThat(status).isEqualTo(1);
        assertThat(err())
                .contains(wide.toString())
                .contains("line 1")
                .contains("the header has 5 columns, more than the limit of 4 columns");
        assertThat(run("convert", wide.toString(), dir.resolve("w.parquet").toString(), "--max-columns", "5"))
                .as(err())
                .isZero();
    }

    @Test
    void inspectShowsTheDialectAndColumnsAsTextOrJson() {
        assertThat(run("inspect", csv.toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0))
                .contains("3 rows (1 would be rejected)")
                .contains("delimiter ';'")
                .contains("header yes");
        assertThat(lines.get(1)).startsWith("original name").contains("example");
        assertThat(lines.get(3)).startsWith("amount").contains("STRING").contains("12.30");
        out.reset();
        assertThat(run("inspect", csv.toString(), "--json")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(out());
        assertThat(json).containsEntry("rows", 3.0);
        assertThat(json.get("columns").toString()).contains("original=id").contains("type=INT");
    }
}
