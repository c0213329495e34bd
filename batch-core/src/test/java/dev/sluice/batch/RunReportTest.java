package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.batch.convert.FileOutcome;
import dev.sluice.manifest.RunReport;
import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunReportTest {

    @Test
    void writesWhatTheControlPlaneReadsWithNullForNoError() {
        List<FileOutcome> outcomes = List.of(
                new FileOutcome(
                        0,
                        7,
                        "s3://in/a.csv",
                        10,
                        9,
                        1,
                        100,
                        "",
                        100,
                        50,
                        "s3://o/p.parquet",
                        "s3://o/r.csv",
                        0,
                        1500,
                        "[]",
                        "",
                        List.of(),
                        ""),
                new FileOutcome(
                        1,
                        8,
                        "s3://in/b.csv",
                        0,
                        0,
                        0,
                        0,
                        "",
                        0,
                        0,
                        "",
                        "",
                        0,
                        3,
                        "",
                        "s3://in/b.csv: empty",
                        List.of(),
                        ""));
        RunReport report = new RunReport(
                1,
                2,
                "job",
                "jr_1",
                "db.orders",
                "2026-11-25",
                Instant.parse("2026-11-25T10:00:00.123Z"),
                outcomes.stream().map(FileOutcome::toReport).toList(),
                Optional.of(Schema.of(new Column("Id", "id", ColumnType.INT)).toJson()),
                List.of(),
                Optional.of(new RunReport.CatalogChange(
                        true, List.of("id"), true, false, "s3://o/t/ingest_date=2026-11-25/")),
                Map.of("total", 2.5),
                Optional.empty());

        String text = new String(report.toJson(), StandardCharsets.UTF_8);
        RunReport json = RunReport.fromJson(report.toJson(), "report");

        assertThat(json.runId()).isEqualTo(1);
        assertThat(json.rowsRead()).isEqualTo(10);
        assertThat(json.rowsWritten()).isEqualTo(9);
        assertThat(json.rowsRejected()).isEqualTo(1);
        assertThat(json.error()).isEmpty();
        assertThat(text).contains("\"rowsRead\": 10", "\"rowsWritten\": 9", "\"rowsRejected\": 1");
        assertThat(text.strip()).endsWith("\"error\": null\n}");
        RunReport.FileReport first = json.files().get(0);
        assertThat(first.uri()).isEqualTo("s3://in/a.csv");
        assertThat(first.rowsRead()).isEqualTo(10);
        assertThat(first.rowsWritten()).isEqualTo(9);
        assertThat(first.rowsRejected()).isEqualTo(1);
        assertThat(first.error()).isEmpty();
        assertThat(first.rejects()).isEqualTo("s3://o/r.csv");
        assertThat(first.seconds()).isEqualTo(1.5);
        assertThat(json.files().get(1).error()).contains("s3://in/b.csv: empty");
        assertThat(Schema.fromJson(json.schemaJson().orElseThrow()).names()).containsExactly("id");
        assertThat(json.catalog().orElseThrow().columnsAdded()).containsExactly("id");
        assertThat(json.seconds().get("total")).isEqualTo(2.5);
    }
}
