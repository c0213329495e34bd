package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random typed rows → CSV → Parquet → DuckDB: the same values come back, with the expected types.
 * The first row carries each column's widest shape so that the inferred types are known.
 */
class RoundTripProperties {

    private static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    record Row(
            Integer small,
            Long big,
            BigDecimal money,
            Double real,
            Boolean flag,
            LocalDate day,
            OffsetDateTime at,
            String text) {}

    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("sluice-roundtrip");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<Row> row = Combinators.combine(
                        Arbitraries.integers().injectNull(0.1),
                        Arbitraries.longs().injectNull(0.1),
                        Arbitraries.bigDecimals()
                                .between(new BigDecimal("-99999999.99"), new BigDecimal("99999999.99"))
                                .ofScale(2)
                                .injectNull(0.1),
                        Arbitraries.doubles()
                                .between(-1e12, 1e12)
                                .map(d -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6e", d)))
                                .injectNull(0.1),
                        Arbitraries.of(true, false).injectNull(0.1),
                        Arbitraries.integers()
                                .between(-25_000, 50_000)
                                .map(d -> LocalDate.ofEpochDay(d))
                                .injectNull(0.1),
                        Combinators.combine(
                                        Arbitraries.longs()
                                                .between(-2_000_000_000_000L, 4_000_000_000_000L)
                                                .map(Instant::ofEpochMilli),
                                        Arbitraries.integers()
                                                .between(-12 * 4, 14 * 4)
                                                .map(q -> ZoneOffset.ofTotalSeconds(q * 900)))
                                .as(Instant::atOffset)
                                .injectNull(0.1),
                        Arbitraries.strings()
                                .withChars("abcxyz ,;\"'\r\n\tß€é")
                                .ofMaxLength(20)
                                .map(s -> "t" + s)
                                .injectNull(0.1))
                .as(Row::new);
        return row.list().ofMinSize(0).ofMaxSize(40);
    }

    private static Row widest() {
        return new Row(
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                new BigDecimal("-12345678.90"),
                1.5e300,
                true,
                LocalDate.of(2024, 2, 29),
                Instant.parse("2024-02-29T23:59:59.999Z").atOffset(ZoneOffset.ofHours(-5)),
                "first, \"row\"");
    }

    @Property(tries = 10)
    void valuesSurviveTheTrip(@ForAll("rows") List<Row> generated) {
        List<Row> rows = new ArrayList<>();
        rows.add(widest());
        rows.addAll(generated);
        Path csv = dir.resolve("in.csv");
        Path parquet = dir.resolve("out.parquet");
        write(csv, rows);

        ConversionReport report = CsvConversion.builder().build().convert(csv, parquet);

        assertThat(report.rowsWritten()).isEqualTo(rows.size());
        assertThat(DuckDb.types(parquet))
                .containsEntry("id", "INTEGER")
                .containsEntry("small", "INTEGER")
                .containsEntry("big", "BIGINT")
                .containsEntry("money", "DECIMAL(10,2)")
                .containsEntry("real", "DOUBLE")
                .containsEntry("flag", "BOOLEAN")
                .containsEntry("day", "DATE")
                .containsEntry("at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("text", "VARCHAR");
        List<Map<String, Object>> back =
                DuckDb.query("SELECT small, big, CAST(money AS VARCHAR) AS money, \"real\", flag,"
                        + " CAST(day AS VARCHAR) AS day, epoch_ms(\"at\") AS \"at\", text FROM read_parquet('"
                        + DuckDb.sqlPath(parquet) + "') ORDER BY id");
        assertThat(back).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Map<String, Object> b = back.get(i);
            assertThat(b.get("small")).as("row %d small", i).isEqualTo(r.small());
            assertThat(b.get("big")).as("row %d big", i).isEqualTo(r.big());
            assertThat(b.get("money"))
                    .as("row %d money", i)
                    .isEqualTo(r.money() == null ? null : r.money().toPlainString());
            assertThat(b.get("real")).as("row %d real", i).isEqualTo(r.real());
            assertThat(b.get("flag")).as("row %d flag", i).isEqualTo(r.flag());
            assertThat(b.get("day"))
                    .as("row %d day", i)
                    .isEqualTo(r.day() == null ? null : r.day().toString());
            assertThat(b.get("at"))
                    .as("row %d at", i)
                    .isEqualTo(r.at() == null ? null : r.at().toInstant().toEpochMilli());
            assertThat(b.get("text")).as("row %d text", i).isEqualTo(r.text());
        }
    }

    private static void write(Path csv, List<Row> rows) {
        StringBuilder s = new StringBuilder("id,small,big,money,real,flag,day,at,text\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            s.append(i).append(',');
            s.append(r.small() == null ? "" : r.small()).append(',');
            s.append(r.big() == null ? "" : r.big()).append(',');
            s.append(r.money() == null ? "" : r.money().toPlainString()).append(',');
            s.append(r.real() == null ? "" : Double.toString(r.real())).append(',');
            s.append(r.flag() == null ? "" : r.flag()).append(',');
            s.append(r.day() == null ? "" : r.day()).append(',');
            s.append(r.at() == null ? "" : OFFSET_TIME.format(r.at())).append(',');
            s.append(r.text() == null ? "" : '"' + r.text().replace("\"", "\"\"") + '"')
                    .append('\n');
        }
        try {
            Files.writeString(csv, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
