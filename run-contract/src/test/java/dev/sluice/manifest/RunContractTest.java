package dev.sluice.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunContractTest {

    @Test
    void aManifestReadsBackAsWritten() {
        RunManifest manifest = new RunManifest(
                7,
                2,
                "orders",
                "job:run-7-2",
                "2026-11-25",
                "out",
                "p/",
                "db",
                "orders",
                List.of(new RunManifest.ManifestFile(
                        1,
                        "s3://in/a \"b\".csv",
                        "in",
                        "a \"b\".csv",
                        10,
                        "abc",
                        "",
                        "file:///h/.arrivals/in/abc/a.csv")));

        assertThat(RunManifest.fromJson(manifest.toJson(), "m")).isEqualTo(manifest);
    }

    @Test
    void theSplitSettingTravelsWithTheManifestAndAnOlderManifestNeverSplits() {
        FileSplit split = new FileSplit(256L << 20, 64L << 20);
        RunManifest manifest = new RunManifest(
                7, 1, "o", "j", "2026-11-25", "out", "", "db", "t", List.of(), List.of(), TableOutput.DEFAULT, split);

        assertThat(RunManifest.fromJson(manifest.toJson(), "m").split()).isEqualTo(split);
        RunManifest older =
                RunManifest.fromJson(bytes("{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"2026-11-25\"}"), "m");
        assertThat(older.split()).isEqualTo(FileSplit.OFF);
        assertThat(older.split().splits(Long.MAX_VALUE)).isFalse();
        assertThat(split.splits(256L << 20)).isFalse();
        assertThat(split.splits((256L << 20) + 1)).isTrue();
        assertThatThrownBy(() -> new FileSplit(1, 0)).hasMessage("rangeSize must be positive, was 0");
    }

    @Test
    void theOutputSettingsTravelWithTheManifestAndAnOlderManifestMeansTheDefaults() {
        TableOutput iceberg = new TableOutput(
                TableOutput.Format.ICEBERG,
                64L << 20,
                TableOutput.SchemaMode.QUARANTINE,
                TableOutput.OnNewVersion.REPLACE);
        RunManifest manifest =
                new RunManifest(7, 1, "o", "j", "2026-11-25", "out", "", "db", "t", List.of(), List.of(), iceberg);

        assertThat(RunManifest.fromJson(manifest.toJson(), "m").output()).isEqualTo(iceberg);
        assertThat(RunManifest.fromJson(bytes("{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"2026-11-25\"}"), "m")
                        .output())
                .isEqualTo(TableOutput.DEFAULT);
        assertThatThrownBy(() -> RunManifest.fromJson(
                        bytes("{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"2026-11-25\","
                                + " \"output\": {\"format\": \"delta\"}}"),
                        "m"))
                .hasMessage("manifest m: output.format 'delta' is not one of [parquet, iceberg]");
    }

    @Test
    void aManifestOfAnOlderControlPlaneHasNoVersionsAndUnknownFieldsAreIgnored() {
        String json = """
                {"runId": 1, "attempt": 1, "ingestDate": "2026-11-25", "future": {"x": [1, 2.5]},
                 "files": [{"fileId": 3, "uri": "s3://in/a.csv", "size": 4}]}""";

        RunManifest.ManifestFile file =
                RunManifest.fromJson(bytes(json), "m").files().get(0);

        assertThat(file.etag()).isEmpty();
        assertThat(file.versionId()).isEmpty();
        assertThat(file.location()).as("read where the user named it").isEqualTo("s3://in/a.csv");
        assertThat(file.size()).isEqualTo(4);
    }

    @Test
    void aBadManifestIsNamedWithTheField() {
        assertThatThrownBy(() -> RunManifest.fromJson(
                        bytes("{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"25.11.2026\"}"), "s3://o/m.json"))
                .hasMessage("manifest s3://o/m.json: ingestDate '25.11.2026' is not a date (yyyy-MM-dd)");
        assertThatThrownBy(() -> RunManifest.fromJson(
                        bytes(
                                "{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"2026-11-25\", \"files\": [{\"size\": \"x\"}]}"),
                        "m"))
                .hasMessage("manifest m: files[0] has no uri");
        assertThatThrownBy(() -> RunManifest.fromJson(
                        bytes(
                                "{\"runId\": 1, \"attempt\": 1, \"ingestDate\": \"2026-11-25\", \"files\": [{\"uri\": \"a\", \"size\": \"x\"}]}"),
                        "m"))
                .hasMessage("manifest m: files[0].size is x, not a whole number");
        assertThatThrownBy(() -> RunManifest.fromJson(bytes("{\"attempt\": 1}"), "m"))
                .hasMessage("manifest m: runId is missing");
        assertThatThrownBy(() -> RunManifest.fromJson(bytes("{\"runId\": 1,\n \"attempt\" 1}"), "m"))
                .hasMessage("manifest m: line 2, column 12: expected ':'");
    }

    @Test
    void aReportReadsBackAsWrittenWithNullForNone() {
        RunReport report = new RunReport(
                1,
                2,
                "job",
                "jr_1",
                "db.orders",
                "2026-11-25",
                Instant.parse("2026-11-25T10:00:00.123Z"),
                List.of(
                        new RunReport.FileReport(
                                7,
                                "s3://in/a.csv",
                                10,
                                9,
                                1,
                                100,
                                "gzip",
                                400,
                                50,
                                "s3://o/p.parquet",
                                "s3://o/r.csv",
                                120,
                                1.5,
                                Optional.empty(),
                                false,
                                List.of(),
                                ""),
                        new RunReport.FileReport(
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
                                0.003,
                                Optional.of("s3://in/b.csv: empty"),
                                false,
                                List.of(),
                                ""),
                        new RunReport.FileReport(
                                9,
                                "s3://in/big.csv",
                                30,
                                30,
                                0,
                                900,
                                "",
                                900,
                                300,
                                "s3://o/p-r0.parquet",
                                "",
                                0,
                                4.5,
                                Optional.empty(),
                                false,
                                List.of("s3://o/p-r0.parquet", "s3://o/p-r1.parquet"),
                                "")),
                Optional.of("[{\"original\": \"Id\", \"name\": \"id\", \"type\": \"INT\"}]"),
                List.of("amount"),
                Optional.of(new RunReport.CatalogChange(
                        true, List.of("id"), true, false, "s3://o/t/ingest_date=2026-11-25/")),
                Map.of("total", 2.5),
                Optional.empty());

        String json = new String(report.toJson(), StandardCharsets.UTF_8);
        RunReport read = RunReport.fromJson(report.toJson(), "r");

        assertThat(json).contains("\"rowsRead\": 10", "\"error\": null", "\"parquet\": null", "\"name\": \"id\"");
        assertThat(read.files()).isEqualTo(report.files());
        assertThat(read.files().get(0).firstRow()).isEqualTo(120);
        assertThat(read.rowsWritten()).isEqualTo(39);
        assertThat(read.filesFailed()).isEqualTo(1);
        assertThat(read.files().get(2).parquetFiles()).containsExactly("s3://o/p-r0.parquet", "s3://o/p-r1.parquet");
        assertThat(read.files().get(0).parquetFiles()).containsExactly("s3://o/p.parquet");
        assertThat(read.files().get(1).parquetFiles()).isEmpty();
        assertThat(read.catalog()).isEqualTo(report.catalog());
        assertThat(read.seconds()).isEqualTo(report.seconds());
        assertThat(read.widenedColumns()).containsExactly("amount");
        assertThat(read.processedAt()).isEqualTo(report.processedAt());
        assertThat(read.schemaJson().orElseThrow()).contains("\"name\": \"id\"");
        assertThat(read.error()).isEmpty();
        assertThat(read.conflicts()).isEmpty();
    }

    @Test
    void aRefusedRunsConflictsReadBackColumnByColumn() {
        RunReport refused = new RunReport(
                4,
                1,
                "job",
                "jr_4",
                "db.t",
                "2026-11-25",
                Instant.parse("2026-11-25T10:00:00Z"),
                List.of(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Map.of(),
                Optional.of("table db.t: incompatible type change, nothing was written: column 'id' ..."),
                List.of(new RunReport.Conflict("id", "bigint", "string")));

        RunReport read = RunReport.fromJson(refused.toJson(), "r");

        assertThat(read.conflicts()).containsExactly(new RunReport.Conflict("id", "bigint", "string"));
        assertThat(RunReport.fromJson("{\"runId\": 4}".getBytes(StandardCharsets.UTF_8), "old")
                        .conflicts())
                .as("a report of an older job has none")
                .isEmpty();
    }

    @Test
    void aQuarantinedFileReadsBackWithItsReasonAndAnOlderReportHasNone() {
        var quarantined = new RunReport.FileReport(
                9,
                "s3://in/c.csv",
                0,
                0,
                0,
                30,
                "",
                30,
                0,
                "",
                "",
                0,
                0.1,
                Optional.of("s3://in/c.csv: column 'id' is int in the table db.orders, the file has string"),
                true,
                List.of(),
                "");
        RunReport report = new RunReport(
                1,
                1,
                "job",
                "jr_1",
                "db.orders",
                "2026-11-25",
                Instant.EPOCH,
                List.of(quarantined),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Map.of(),
                Optional.empty());

        RunReport read = RunReport.fromJson(report.toJson(), "r");

        assertThat(new String(report.toJson(), StandardCharsets.UTF_8)).contains("\"quarantined\": true");
        assertThat(read.files()).containsExactly(quarantined);
        assertThat(read.filesQuarantined()).isEqualTo(1);
        assertThat(read.filesFailed()).as("nothing of it is in the table").isEqualTo(1);
        RunReport older = RunReport.fromJson(
                bytes("{\"runId\": 1, \"files\": [{\"uri\": \"s3://in/c.csv\", \"error\": \"unreadable\"}]}"), "r");
        assertThat(older.files().get(0).quarantined()).isFalse();
        assertThat(older.files().get(0).failed()).isTrue();
        assertThatThrownBy(() -> new RunReport.FileReport(
                        9, "s3://in/c.csv", 0, 0, 0, 0, "", 0, 0, "", "", 0, 0, Optional.empty(), true, List.of(), ""))
                .hasMessageContaining("needs its reason");
    }

    @Test
    void anIcebergSnapshotReadsBackWithTheCatalogChange() {
        RunReport.CatalogChange change = new RunReport.CatalogChange(
                false,
                List.of(),
                false,
                false,
                "file:/o/orders",
                Optional.of(new RunReport.TableSnapshot(1234567890123L, 2, 3, 1, 30, 10, 1, 1, 42)));
        RunReport report = new RunReport(
                1,
                2,
                "job",
                "jr_1",
                "db.orders",
                "2026-11-25",
                Instant.EPOCH,
                List.of(),
                Optional.empty(),
                List.of(),
                Optional.of(change),
                Map.of(),
                Optional.empty());

        RunReport read = RunReport.fromJson(report.toJson(), "r");

        assertThat(read.catalog()).contains(change);
        assertThat(new String(report.toJson(), StandardCharsets.UTF_8)).contains("\"snapshotId\": 1234567890123");
    }

    @Test
    void keyNamesDeriveFromTheRunNotTheAttempt() {
        OutputLayout layout = new OutputLayout("orders", "2026-11-25", 12);

        assertThat(layout.parquet(3)).isEqualTo("orders/ingest_date=2026-11-25/part-12-3.parquet");
        assertThat(layout.combined(2)).isEqualTo("orders/ingest_date=2026-11-25/part-12-c2.parquet");
        assertThat(layout.combined(2)).startsWith(layout.runParts());
        assertThat(layout.rejects(3)).isEqualTo("_rejects/12/part-12-3.csv");
        assertThat(layout.runParts()).isEqualTo("orders/ingest_date=2026-11-25/part-12-");
        assertThat(layout.report()).isEqualTo("_reports/12.json");
        assertThat(layout.staged(3)).isEqualTo("_staging/12/3/");
        assertThat(OutputLayout.manifest(12, 2)).isEqualTo("_manifests/12-2.json");
    }

    @Test
    void aTableSchemaReadsBackAsWritten() {
        var id = new TableSchemaFile.Column("id", "bigint", "");
        var name = new TableSchemaFile.Column("name", "string", "CSV header: Name");
        TableSchemaFile table = new TableSchemaFile(
                "db.orders",
                "file:/out/orders/",
                List.of(id, name),
                List.of("ingest_date"),
                Map.of(
                        "2026-11-25",
                        new TableSchemaFile.Partition("file:/out/orders/ingest_date=2026-11-25/", List.of(id))));

        assertThat(TableSchemaFile.fromJson(table.toJson(), "t")).isEqualTo(table);
        assertThatThrownBy(() -> TableSchemaFile.fromJson(
                        bytes("{\"table\": \"t\", \"location\": \"l\", \"columns\": [{\"name\": \"a\"}]}"), "t.json"))
                .hasMessage("table schema t.json: columns[0].type is missing");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
