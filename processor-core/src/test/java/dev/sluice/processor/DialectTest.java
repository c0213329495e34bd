package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dialect sniffing and its overrides, end to end. */
class DialectTest {

    @TempDir
    Path dir;

    private Inspection inspect(String csv) throws IOException {
        return CsvConversion.builder().build().inspect(Files.writeString(dir.resolve("in.csv"), csv));
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|'})
    void findsTheDelimiter(char d) throws IOException {
        String csv = String.join(String.valueOf(d), "name", "city", "amount") + "\n"
                + String.join(String.valueOf(d), "\"Smith, J\"", "Kraków; PL", "1.50") + "\n"
                + String.join(String.valueOf(d), "Doe", "Oslo", "2.25") + "\n";
        Inspection inspection = inspect(csv);
        assertThat(inspection.dialect().delimiter()).isEqualTo(d);
        assertThat(inspection.columns()).extracting(ColumnProfile::name).containsExactly("name", "city", "amount");
        assertThat(inspection.columns().get(2).type()).isEqualTo(ColumnType.decimal(3, 2));
    }

    @Test
    void findsSingleQuotesAndBackslashEscapes() throws IOException {
        Inspection quotes = inspect("a,b\n'x, y',1\n'z',2\n");
        assertThat(quotes.dialect().quote()).isEqualTo('\'');
        assertThat(quotes.columns().get(0).example()).contains("x, y");
        Inspection backslash = inspect("a,b\n\"say \\\"hi\\\" now\",1\n");
        assertThat(backslash.dialect().escape()).isEqualTo(EscapeStyle.BACKSLASH);
        assertThat(backslash.columns().get(0).example()).contains("say \"hi\" now");
    }

    @Test
    void tellsHeadersFromData() throws IOException {
        assertThat(inspect("id,when\n1,2024-01-01\n2,2024-01-02\n").dialect().header())
                .isTrue();
        Inspection noHeader = inspect("1,2024-01-01\n2,2024-01-02\n");
        assertThat(noHeader.dialect().header()).isFalse();
        assertThat(noHeader.rows()).isEqualTo(2);
        assertThat(noHeader.columns()).extracting(ColumnProfile::name).containsExactly("col_1", "col_2");
        assertThat(inspect("name,city\nann,oslo\n").dialect().header()).isTrue();
    }

    @Test
    void everySniffedChoiceCanBeOverridden() throws IOException {
        Path in = Files.writeString(dir.resolve("o.csv"), "1;2\n3;4\n");
        Path out = dir.resolve("o.parquet");
        ConversionReport report = CsvConversion.builder()
                .delimiter(',')
                .header(true)
                .quote('"')
                .escape(EscapeStyle.DOUBLED)
                .charset(StandardCharsets.ISO_8859_1)
                .build()
                .convert(in, out);
        assertThat(report.dialect().delimiter()).isEqualTo(',');
        assertThat(report.dialect().charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(report.schema().columns()).extracting(Column::originalName).containsExactly("1;2");
        assertThat(DuckDb.rows(out, "col_1_2")).containsExactly(Map.of("col_1_2", "3;4"));
    }

    @Test
    void readsUtf16WithABomAndCrLf() throws IOException {
        byte[] text = "name,n\r\nZoë,1\r\nŁukasz,2\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(text, 0, bytes, 2, text.length);
        Path in = Files.write(dir.resolve("u16.csv"), bytes);
        Path out = dir.resolve("u16.parquet");
        ConversionReport report = CsvConversion.builder().build().convert(in, out);
        assertThat(report.dialect().charset()).isEqualTo(Charset.forName("UTF-16LE"));
        assertThat(report.dialect().bom()).isTrue();
        assertThat(report.dialect().lineEnding()).isEqualTo("CRLF");
        assertThat(DuckDb.rows(out, "name, n"))
                .containsExactly(Map.of("name", "Zoë", "n", 1), Map.of("name", "Łukasz", "n", 2));
    }

    @Test
    void inspectionReportsNullsAndExamples() throws IOException {
        Inspection inspection = inspect("Amount,Note\n12.30,\n,NA\n1999.99,hello\n");
        assertThat(inspection.columns().get(0).nullCount()).isEqualTo(1);
        assertThat(inspection.columns().get(0).example()).contains("12.30");
        assertThat(inspection.columns().get(1).nullCount()).isEqualTo(2);
        assertThat(inspection.columns().get(1).example()).contains("hello");
        assertThat(inspection.toJson())
                .contains("\"original\": \"Amount\", \"name\": \"amount\", \"type\": \"DECIMAL(6,2)\"")
                .contains("\"nullCount\": 1, \"example\": \"12.30\"");
    }
}
