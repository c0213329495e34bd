package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gluejob.catalog.CatalogChange;
import dev.sluice.gluejob.convert.FileOutcome;
import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunReportTest {

    @Test
    void writesWhatTheControlPlaneReadsWithNullForNoError() throws Exception {
        RunReport report = new RunReport(
                1,
                2,
                "job",
                "jr_1",
                "db.orders",
                "2026-11-25",
                Instant.parse("2026-11-25T10:00:00.123Z"),
                List.of(
                        new FileOutcome(1, 8, "s3://in/b.csv", 0, 0, 0, 0, 0, "", "", 3, "", "s3://in/b.csv: empty"),
                        new FileOutcome(
                                0,
                                7,
                                "s3://in/a.csv",
                                10,
                                9,
                                1,
                                100,
                                50,
                                "s3://o/p.parquet",
                                "s3://o/r.csv",
                                1500,
                                "[]",
                                "")),
                Optional.of(Schema.of(new Column("Id", "id", ColumnType.INT))),
                List.of(),
                Optional.of(new CatalogChange(true, List.of("id"), true, false, "s3://o/t/ingest_date=2026-11-25/")),
                Map.of("total", 2.5),
                Optional.empty());

        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.get("runId").asLong()).isEqualTo(1);
        assertThat(json.get("rowsRead").asLong()).isEqualTo(10);
        assertThat(json.get("rowsWritten").asLong()).isEqualTo(9);
        assertThat(json.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(json.get("error").isNull()).isTrue();
        JsonNode first = json.get("files").get(0);
        assertThat(first.get("uri").asText()).isEqualTo("s3://in/a.csv");
        assertThat(first.get("rowsRead").asLong()).isEqualTo(10);
        assertThat(first.get("rowsWritten").asLong()).isEqualTo(9);
        assertThat(first.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(first.get("error").isNull()).isTrue();
        assertThat(first.get("rejects").asText()).isEqualTo("s3://o/r.csv");
        assertThat(json.get("files").get(1).get("error").asText()).isEqualTo("s3://in/b.csv: empty");
        assertThat(json.get("schema").get(0).get("name").asText()).isEqualTo("id");
        assertThat(json.get("catalog").get("columnsAdded").get(0).asText()).isEqualTo("id");
        assertThat(json.get("seconds").get("total").asDouble()).isEqualTo(2.5);
    }
}
