package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvConversionTest {

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void convertsTypedColumnsWithMetadataColumnsThatDuckDbReads() throws IOException {
        Path in = csv(
                "orders.csv",
                "Order ID,Customer Name,Amount,Paid,Ordered At,Day\n"
                        + "1,Ann,12.30,true,2024-03-01T10:15:00Z,2024-03-01\n"
                        + "2,\"Bob, Jr.\",1999.99,false,2024-03-02 11:00:00+02:00,2024-03-02\n"
                        + "3,,,,,\n");
        Path out = dir.resolve("orders.parquet");
        Instant at = Instant.parse("2025-01-02T03:04:05.678Z");

        ConversionReport report = CsvConversion.builder()
                .sourceUri("s3://bucket/in/orders.csv")
                .processingJob("job-1/run-7")
                .processedAt(at)
                .build()
                .convert(in, out);

        assertThat(report.rowsRead()).isEqualTo(3);
        assertThat(report.rowsWritten()).isEqualTo(3);
        assertThat(report.rowsRejected()).isZero();
        assertThat(DuckDb.types(out))
                .containsExactly(
                        Map.entry("order_id", "INTEGER"),
                        Map.entry("customer_name", "VARCHAR"),
                        Map.entry("amount", "DECIMAL(6,2)"),
                        Map.entry("paid", "BOOLEAN"),
                        Map.entry("ordered_at", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("day", "DATE"),
                        Map.entry("processed_at", "TIMESTAMP WITH TIME ZONE"),
                        Map.entry("source_file", "VARCHAR"),
                        Map.entry("processing_job", "VARCHAR"));
        List<Map<String, Object>> rows = DuckDb.rows(
                out,
                "order_id, customer_name, CAST(amount AS VARCHAR) AS amount, paid,"
                        + " CAST(ordered_at AS VARCHAR) AS ordered_at, CAST(day AS VARCHAR) AS day,"
                        + " CAST(processed_at AS VARCHAR) AS processed_at, source_file, processing_job");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1))
                .containsEntry("order_id", 2)
                .containsEntry("customer_name", "Bob, Jr.")
                .containsEntry("amount", "1999.99")
                .containsEntry("paid", false)
                .containsEntry("ordered_at", "2024-03-02 09:00:00+00")
                .containsEntry("day", "2024-03-02")
                .containsEntry("processed_at", "2025-01-02 03:04:05.678+00")
                .containsEntry("source_file", "s3://bucket/in/orders.csv")
                .containsEntry("processing_job", "job-1/run-7");
        assertThat(rows.get(2)).containsEntry("customer_name", null).containsEntry("amount", null);
    }
}
