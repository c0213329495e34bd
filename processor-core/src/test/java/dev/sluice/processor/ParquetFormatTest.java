package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet types, metadata and options, as an independent reader (DuckDB) sees them. */
class ParquetFormatTest {

    @TempDir
    Path dir;

    private Path convert(String csv, CsvConversion conversion) throws IOException {
        Path in = Files.writeString(dir.resolve("in.csv"), csv, StandardCharsets.UTF_8);
        Path out = dir.resolve("out.parquet");
        conversion.convert(in, out);
        return out;
    }

    private static Map<String, String> physicalTypes(Path parquet) {
        return DuckDb.query("SELECT name, type, coalesce(logical_type, '') AS logical FROM parquet_schema('"
                        + DuckDb.sqlPath(parquet) + "') WHERE name <> 'sluice'")
                .stream()
                .collect(Collectors.toMap(
                        r -> (String) r.get("name"),
                        r -> r.get("type") + " " + r.get("logical"),
                        (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    @Test
    void usesThePhysicalTypesAthenaReads() throws IOException {
        Path out = convert(
                "small,medium,wide,ts_ms,ts_us,d,f,i,b\n"
                        + "1.5,1234567890.12,12345678901234567890.123,2024-01-01T00:00:00.123Z,"
                        + "2024-01-01 00:00:00.123456,2024-01-01,1e10,7,true\n",
                CsvConversion.builder().build());
        Map<String, String> types = physicalTypes(out);
        assertThat(types.get("small")).startsWith("INT32 DecimalType(scale=1, precision=2)");
        assertThat(types.get("medium")).startsWith("INT64 DecimalType(scale=2, precision=12)");
        assertThat(types.get("wide")).startsWith("FIXED_LEN_BYTE_ARRAY DecimalType(scale=3, precision=23)");
        assertThat(types.get("ts_ms"))
                .contains("INT64")
                .contains("isAdjustedToUTC=1")
                .contains("MILLIS");
        assertThat(types.get("ts_us"))
                .contains("INT64")
                .contains("isAdjustedToUTC=1")
                .contains("MICROS");
        assertThat(types.get("processed_at")).contains("INT64").contains("MILLIS");
        assertThat(types.get("d")).startsWith("INT32 DateType");
        assertThat(types.get("f")).startsWith("DOUBLE");
        assertThat(types.get("i")).startsWith("INT32");
        assertThat(types.get("b")).startsWith("BOOLEAN");
        assertThat(types.values()).noneMatch(t -> t.contains("INT96"));
        assertThat(DuckDb.rows(
                        out,
                        "CAST(wide AS VARCHAR) AS wide, CAST(ts_us AS VARCHAR) AS ts_us, CAST(medium AS VARCHAR) AS m"))
                .containsExactly(Map.of(
                        "wide", "12345678901234567890.123",
                        "ts_us", "2024-01-01 00:00:00.123456+00",
                        "m", "1234567890.12"));
    }

    @Test
    void keepsOriginalNamesAndTheSchemaInTheKeyValueMetadata() throws IOException {
        Path out = convert(
                "Order ID,Café\n1,x\n",
                CsvConversion.builder().processingJob("job/run-1").build());
        Map<String, String> meta = DuckDb.keyValueMetadata(out);
        Schema schema = Schema.fromJson(meta.get("sluice.schema"));
        assertThat(schema.columns())
                .extracting(Column::originalName, Column::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Order ID", "order_id"),
                        org.assertj.core.groups.Tuple.tuple("Café", "cafe"));
        assertThat(meta).containsEntry("sluice.processing_job", "job/run-1");
    }

    @Test
    void compressesWithSnappyByDefaultAndZstdOnRequest() throws IOException {
        String csv = "a,b\n1,x\n2,y\n";
        Path snappy = convert(csv, CsvConversion.builder().build());
        assertThat(codecs(snappy)).containsOnly("SNAPPY");
        Path zstd = convert(
                csv, CsvConversion.builder().compression(Compression.ZSTD).build());
        assertThat(codecs(zstd)).containsOnly("ZSTD");
        assertThat(DuckDb.rows(zstd, "a, b")).containsExactly(Map.of("a", 1, "b", "x"), Map.of("a", 2, "b", "y"));
    }

    private static List<Object> codecs(Path parquet) {
        return DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata('" + DuckDb.sqlPath(parquet) + "')")
                .stream()
                .map(r -> r.get("compression"))
                .toList();
    }

    @Test
    void smallRowGroupsGiveManyRowGroupsWithTheSameRows() throws IOException {
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        Path out = convert(
                csv.toString(), CsvConversion.builder().rowGroupBytes(16 << 10).build());
        long groups = ((Number) DuckDb.query("SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('"
                                + DuckDb.sqlPath(out) + "')")
                        .get(0)
                        .get("n"))
                .longValue();
        assertThat(groups).isGreaterThan(3);
        assertThat(DuckDb.rows(out, "count(*) AS n, CAST(sum(id) AS BIGINT) AS s"))
                .containsExactly(Map.of("n", 20_000L, "s", 19_999L * 20_000 / 2));
    }

    @Test
    void twoThreadsWriteTheSameRowsAsOne() throws IOException {
        StringBuilder csv = new StringBuilder("id,amount,when,text\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i)
                    .append(',')
                    .append(i % 997)
                    .append(".25,2024-01-")
                    .append(10 + i % 20)
                    .append(",\"t, ")
                    .append(i)
                    .append("\"\n");
        }
        Path in = Files.writeString(dir.resolve("t.csv"), csv);
        Path one = dir.resolve("one.parquet");
        Path two = dir.resolve("two.parquet");
        CsvConversion.builder().processedAt(java.time.Instant.EPOCH).build().convert(in, one);
        ConversionReport report = CsvConversion.builder()
                .processedAt(java.time.Instant.EPOCH)
                .threads(2)
                .build()
                .convert(in, two);
        assertThat(report.rowsWritten()).isEqualTo(30_000);
        String compare = "SELECT count(*) AS n FROM (SELECT * EXCLUDE (source_file) FROM read_parquet('%s') EXCEPT ALL"
                + " SELECT * EXCLUDE (source_file) FROM read_parquet('%s'))";
        assertThat(DuckDb.query(String.format(compare, DuckDb.sqlPath(one), DuckDb.sqlPath(two))))
                .containsExactly(Map.of("n", 0L));
        assertThat(DuckDb.rows(two, "count(*) AS n")).containsExactly(Map.of("n", 30_000L));
    }

    @Test
    void pagesWithNoMixedOrOnlyNullsKeepValuesNullCountsAndStatistics() throws IOException {
        StringBuilder csv = new StringBuilder("id,maybe,nothing,late,category,note\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i)
                    .append(',')
                    .append(i % 3 == 0 ? "" : String.valueOf(i))
                    .append(",,")
                    .append(i < 5_000 ? "" : String.valueOf(i))
                    .append(",c")
                    .append(i % 5)
                    // mostly distinct, so PLAIN; a non-ASCII text sorts last as unsigned bytes
                    .append(i == 17 ? ",éclair" : ",n" + i)
                    .append('\n');
        }
        // small pages: many of them, some all null, some without nulls, some mixed
        Path out =
                convert(csv.toString(), CsvConversion.builder().pageBytes(4096).build());
        assertThat(DuckDb.rows(
                        out,
                        "count(*) AS n, count(id) AS ids, count(maybe) AS maybes, count(nothing) AS nothings,"
                                + " count(late) AS lates, CAST(sum(maybe) AS BIGINT) AS s,"
                                + " count(DISTINCT category) AS categories"))
                .containsExactly(Map.of(
                        "n", 30_000L,
                        "ids", 30_000L,
                        "maybes", 20_000L,
                        "nothings", 0L,
                        "lates", 25_000L,
                        "s", 29_999L * 30_000 / 2 - 3L * (9_999L * 10_000 / 2),
                        "categories", 5L));
        Map<String, Object> nulls = DuckDb.query(
                        "SELECT path_in_schema AS c, coalesce(CAST(sum(stats_null_count) AS BIGINT), -1) AS n"
                                + " FROM parquet_metadata('" + DuckDb.sqlPath(out) + "') GROUP BY ALL")
                .stream()
                .collect(Collectors.toMap(r -> (String) r.get("c"), r -> r.get("n")));
        assertThat(nulls)
                .containsEntry("id", 0L)
                .containsEntry("maybe", 10_000L)
                .containsEntry("nothing", 30_000L)
                .containsEntry("late", 5_000L)
                .containsEntry("category", 0L);
        Map<String, Object> id = DuckDb.query("SELECT stats_min_value AS lo, stats_max_value AS hi, encodings"
                        + " FROM parquet_metadata('" + DuckDb.sqlPath(out) + "') WHERE path_in_schema = 'id'")
                .get(0);
        assertThat(id).containsEntry("lo", "0").containsEntry("hi", "29999");
        // the footer lists a set (in no fixed order): no repetition levels, RLE definition levels
        assertThat(((String) id.get("encodings")).split(", ")).containsExactlyInAnyOrder("PLAIN", "RLE", "BIT_PACKED");
        assertThat(DuckDb.query("SELECT stats_min_value AS lo, stats_max_value AS hi, encodings FROM parquet_metadata('"
                                + DuckDb.sqlPath(out) + "') WHERE path_in_schema = 'category'")
                        .get(0))
                .containsEntry("lo", "c0")
                .containsEntry("hi", "c4")
                .extractingByKey("encodings")
                .asString()
                .contains("DICTIONARY");
        assertThat(DuckDb.query("SELECT stats_min_value AS lo, stats_max_value AS hi, encodings FROM parquet_metadata('"
                        + DuckDb.sqlPath(out) + "') WHERE path_in_schema = 'note'"))
                .singleElement()
                .satisfies(note -> assertThat(note)
                        .containsEntry("lo", "n0")
                        .containsEntry("hi", "éclair")
                        .extractingByKey("encodings")
                        .asString()
                        .doesNotContain("DICTIONARY"));
    }
}
