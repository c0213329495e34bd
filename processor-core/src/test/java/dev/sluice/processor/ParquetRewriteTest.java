package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRewriteTest {

    static final String HEADER = "id,amount,big,day,at,name,flag,ratio\n";

    @TempDir
    Path dir;

    @Test
    void rowsOfSeveralFilesBecomeOneFileWithTheSameValuesTypesAndLineage() throws Exception {
        Schema schema = CsvConversion.builder()
                .build()
                .inferSchema(
                        List.of(csv("a.csv", rows(0, 300)), csv("b.csv", rows(300, 5)), csv("c.csv", rows(305, 40))));
        Path a = convert("a.csv", schema, "s3://in/a.csv", "2026-11-25T10:00:00Z");
        Path b = convert("b.csv", schema, "s3://in/b.csv", "2026-11-25T10:00:00Z");
        Path c = convert("c.csv", schema, "s3://in/c.csv", "2026-11-25T11:00:00Z");
        Path out = dir.resolve("combined.parquet");

        long rows = ParquetRewrite.write(
                schema,
                List.of(
                        new ParquetRewrite.Range(a, 0, 300),
                        new ParquetRewrite.Range(b, 0, 5),
                        new ParquetRewrite.Range(c, 10, 20)),
                out,
                Map.of("sluice.files", "three"));

        assertThat(rows).isEqualTo(325);
        assertThat(DuckDb.types(out)).isEqualTo(DuckDb.types(a));
        // every value of every column, metadata columns included, as the originals hold them
        String same = "SELECT count(*) AS n FROM ((SELECT * FROM read_parquet('%s') UNION ALL"
                + " SELECT * FROM read_parquet('%s') UNION ALL"
                + " (SELECT * FROM read_parquet('%s') LIMIT 20 OFFSET 10))"
                + " EXCEPT ALL SELECT * FROM read_parquet('%s'))";
        assertThat(DuckDb.query(String.format(
                        same, DuckDb.sqlPath(a), DuckDb.sqlPath(b), DuckDb.sqlPath(c), DuckDb.sqlPath(out))))
                .containsExactly(Map.of("n", 0L));
        assertThat(DuckDb.rows(out, "source_file, count(*) AS n, min(id) AS lo", "true GROUP BY 1 ORDER BY 1"))
                .containsExactly(
                        Map.of("source_file", "s3://in/a.csv", "n", 300L, "lo", 0),
                        Map.of("source_file", "s3://in/b.csv", "n", 5L, "lo", 300),
                        Map.of("source_file", "s3://in/c.csv", "n", 20L, "lo", 315));
        assertThat(DuckDb.rows(out, "count(DISTINCT processed_at) AS n")).containsExactly(Map.of("n", 2L));
        // one row group, statistics and dictionaries as a conversion writes them
        assertThat(DuckDb.query("SELECT count(DISTINCT row_group_id) AS g, min(stats_min_value) AS lo,"
                        + " max(stats_max_value) AS hi FROM parquet_metadata('" + DuckDb.sqlPath(out)
                        + "') WHERE path_in_schema = 'id'"))
                .containsExactly(Map.of("g", 1L, "lo", "0", "hi", "334"));
        assertThat(DuckDb.query("SELECT encodings FROM parquet_metadata('" + DuckDb.sqlPath(out)
                        + "') WHERE path_in_schema = 'name'"))
                .singleElement()
                .satisfies(row -> assertThat(row.get("encodings").toString()).contains("DICTIONARY"));
        assertThat(DuckDb.keyValueMetadata(out))
                .containsEntry("sluice.files", "three")
                .containsEntry(ParquetRewrite.SCHEMA_KEY, schema.toJson());
        assertThat(ParquetRewrite.schema(out)).isEqualTo(schema);
    }

    @Test
    void aFileOfAnotherSchemaOrTooFewRowsIsRefusedNamingIt() throws Exception {
        csv("x.csv", "id\n1\n2\n");
        Path x = convert("x.csv", null, "s3://in/x.csv", "2026-11-25T10:00:00Z");
        csv("y.csv", "id\nabc\n");
        Schema other = ParquetRewrite.schema(convert("y.csv", null, "s3://in/y.csv", "2026-11-25T10:00:00Z"));
        Path out = dir.resolve("out.parquet");

        assertThatThrownBy(() -> ParquetRewrite.write(other, List.of(new ParquetRewrite.Range(x, 0, 2)), out, Map.of()))
                .hasMessageContaining(x + " was written with another schema");
        assertThatThrownBy(() -> ParquetRewrite.write(
                        ParquetRewrite.schema(x), List.of(new ParquetRewrite.Range(x, 1, 5)), out, Map.of()))
                .hasMessageContaining(x + " has 2 rows, not the 6 asked for");
        assertThat(out).doesNotExist();
    }

    private Path convert(String name, Schema schema, String uri, String at) {
        CsvConversion.Builder b = CsvConversion.builder()
                .sourceUri(uri)
                .processingJob("job:run-1-1")
                .processedAt(Instant.parse(at));
        if (schema != null) {
            b = b.schema(schema);
        }
        Path out = dir.resolve(name + ".parquet");
        b.build().convert(dir.resolve(name), out);
        return out;
    }

    private Path csv(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String rows(int from, int n) {
        StringBuilder s = new StringBuilder(HEADER);
        for (int i = from; i < from + n; i++) {
            s.append(i)
                    .append(',')
                    .append(i % 7 == 0 ? "" : i + ".25")
                    .append(',')
                    .append("12345678901234567890.")
                    .append(i % 10)
                    .append(',')
                    .append("2026-11-")
                    .append(10 + i % 20)
                    .append(',')
                    .append("2026-11-25T10:")
                    .append(10 + i % 50)
                    .append(":00.123456Z")
                    .append(',')
                    .append(i % 5 == 0 ? "NULL" : "name-" + (i % 3))
                    .append(',')
                    .append(i % 2 == 0)
                    .append(',')
                    .append(i / 3.0)
                    .append('\n');
        }
        return s.toString();
    }
}
