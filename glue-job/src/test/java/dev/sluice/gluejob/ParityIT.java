package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import dev.sluice.testsupport.RepoRoot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every case of csv-spectrum and of the project's own corpus, the Glue job writes the same
 * schema and the same rows as {@code ./sluice convert} (processor-core's CsvConversion with its
 * defaults), read back by DuckDB; where the CLI refuses a file, the job reports the same error.
 */
class ParityIT {

    static final AtomicLong RUN_IDS = new AtomicLong(1000);

    final Emulator aws = new Emulator();
    final String out = aws.bucket("parity");
    final String db = aws.database("parity");

    @TempDir
    Path tmp;

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path spectrum = RepoRoot.corpora().resolve("csv-spectrum/csvs");
        Path own = Path.of(ParityIT.class.getResource("/corpus").toURI());
        return Stream.concat(list(spectrum), list(own));
    }

    private static Stream<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theJobWritesWhatTheCliWrites(Path csv) throws Exception {
        Path cliParquet = tmp.resolve("cli.parquet");
        Optional<ConversionReport> cli;
        Optional<String> cliError;
        try {
            cli = Optional.of(CsvConversion.builder().build().convert(csv, cliParquet));
            cliError = Optional.empty();
        } catch (ConversionException e) {
            cli = Optional.empty();
            cliError = Optional.of(
                    e.getMessage().replace(csv.toString(), csv.toUri().toString()));
        }

        long runId = RUN_IDS.incrementAndGet();
        String table =
                "t_" + csv.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        Path output = tmp.resolve("out");
        new TestRun(aws, out, db, table, runId)
                .localFile(csv)
                .localOutput(output)
                .run();

        JsonNode report = new ObjectMapper()
                .readTree(output.resolve("_reports/" + runId + ".json").toFile());
        JsonNode file = report.get("files").get(0);
        if (cliError.isPresent()) {
            assertThat(file.get("error").asText()).isEqualTo(cliError.get());
            return;
        }
        assertThat(file.get("error").isNull()).as(file.toString()).isTrue();
        assertThat(file.get("rowsRead").asLong()).isEqualTo(cli.get().rowsRead());
        assertThat(file.get("rowsWritten").asLong()).isEqualTo(cli.get().rowsWritten());
        assertThat(file.get("rowsRejected").asLong()).isEqualTo(cli.get().rowsRejected());

        Path glueParquet =
                output.resolve(table + "/ingest_date=" + TestRun.INGEST_DATE + "/part-" + runId + "-0.parquet");
        assertThat(DuckDb.describe(List.of(glueParquet))).isEqualTo(DuckDb.describe(List.of(cliParquet)));
        List<String> data = DuckDb.query("DESCRIBE SELECT * FROM " + DuckDb.files(List.of(cliParquet))).stream()
                .map(row -> row.get(0))
                .filter(name -> !Schema.METADATA_COLUMNS.contains(name))
                .map(name -> '"' + name.replace("\"", "\"\"") + '"')
                .toList();
        if (data.isEmpty()) {
            return;
        }
        String columns = String.join(", ", data);
        String glue = "SELECT " + columns + " FROM " + DuckDb.files(List.of(glueParquet));
        String cliRows = "SELECT " + columns + " FROM " + DuckDb.files(List.of(cliParquet));
        assertThat(DuckDb.query("SELECT count(*) FROM ((" + glue + " EXCEPT ALL " + cliRows + ") UNION ALL (" + cliRows
                        + " EXCEPT ALL " + glue + "))"))
                .containsExactly(List.of("0"));
        assertThat(DuckDb.query("SELECT count(*) FROM (" + glue + ")"))
                .containsExactly(List.of(Long.toString(cli.get().rowsWritten())));
    }
}
