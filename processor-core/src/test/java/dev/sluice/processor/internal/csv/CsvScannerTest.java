package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvScannerTest {

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void splitsRecordsAtEveryKindOfLineEnd(String eol) {
        assertThat(Records.of("a,b" + eol + "c,d" + eol)).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(Records.of("a,b" + eol + "c,d")).containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void keepsDelimitersQuotesAndLineBreaksInsideQuotedFields() {
        assertThat(Records.of("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n"))
                .containsExactly(List.of("a,b", "say \"hi\"", "two\r\nlines"));
    }

    @Test
    void skipsBlankLinesAnywhere() {
        assertThat(Records.of("\n\na\n\r\n\rb\n\n\n")).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void emptyFieldsAndTrailingDelimiterGiveEmptyValues() {
        assertThat(Records.of(",,\na,\n")).containsExactly(List.of("", "", ""), List.of("a", ""));
    }

    @Test
    void textAfterAClosingQuoteBelongsToTheField() {
        assertThat(Records.of("\"D\" ,x\n")).containsExactly(List.of("D ", "x"));
    }

    @Test
    void anUnterminatedQuoteRunsToTheEndOfInput() {
        assertThat(Records.of("A,\"B\nC")).containsExactly(List.of("A", "B\nC"));
    }

    @Test
    void readsBackslashEscapes() {
        byte[] in = "\"say \\\"hi\\\"\",x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Records.of(in, ',', '"', true, 1 << 16)).containsExactly(List.of("say \"hi\"", "x"));
    }

    @Test
    void usesTheGivenDelimiterAndQuote() {
        byte[] in = "'a;b';c\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Records.of(in, ';', '\'', false, 1 << 16)).containsExactly(List.of("a;b", "c"));
    }

    @Test
    void countsPhysicalLinesForEachRecord() throws IOException {
        byte[] in = "h\n\"a\nb\"\n\nc\r\nd".getBytes(StandardCharsets.UTF_8);
        try (CsvScanner s = new CsvScanner(new ByteArrayInputStream(in), ',', '"', false, 1 << 20)) {
            assertThat(s.next()).isTrue();
            assertThat(s.line()).isEqualTo(1);
            assertThat(s.next()).isTrue();
            assertThat(s.line()).isEqualTo(2);
            assertThat(s.next()).isTrue();
            assertThat(s.line()).isEqualTo(5);
            assertThat(s.next()).isTrue();
            assertThat(s.line()).isEqualTo(6);
            assertThat(s.next()).isFalse();
        }
    }

    @Test
    void keepsTheRawTextOfARecord() throws IOException {
        byte[] in = "x\n\"a\"\"b\",c\r\n".getBytes(StandardCharsets.UTF_8);
        try (CsvScanner s = new CsvScanner(new ByteArrayInputStream(in), ',', '"', false, 1 << 20)) {
            s.next();
            s.next();
            assertThat(new String(s.rawRecord(), StandardCharsets.UTF_8)).isEqualTo("\"a\"\"b\",c");
        }
    }

    @Test
    void flagsTheFirstFieldThatIsNotUtf8() throws IOException {
        byte[] in = {'a', ',', (byte) 0xC3, (byte) 0xA9, ',', (byte) 0xFF, '\n'};
        try (CsvScanner s = new CsvScanner(new ByteArrayInputStream(in), ',', '"', false, 1 << 20)) {
            s.next();
            assertThat(s.fieldString(1)).isEqualTo("é");
            assertThat(s.invalidUtf8Field()).isEqualTo(2);
        }
    }

    @Test
    void findsUndecodableBytesAnywhereInLongQuotedAndUnquotedFields() throws IOException {
        for (int at = 0; at < 20; at++) {
            for (boolean quoted : new boolean[] {false, true}) {
                byte[] field = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
                field[at] = (byte) 0xC3; // a lead byte without its continuation
                byte[] in = new byte[field.length + 6];
                int p = 0;
                in[p++] = 'x';
                in[p++] = ',';
                if (quoted) {
                    in[p++] = '"';
                }
                System.arraycopy(field, 0, in, p, field.length);
                p += field.length;
                if (quoted) {
                    in[p++] = '"';
                }
                in[p++] = '\n';
                try (CsvScanner s = new CsvScanner(new ByteArrayInputStream(in, 0, p), ',', '"', false, 1 << 20)) {
                    assertThat(s.next()).isTrue();
                    assertThat(s.invalidUtf8Field())
                            .as("at %d, quoted %s", at, quoted)
                            .isEqualTo(1);
                }
            }
        }
    }

    @Test
    void readsRecordsLargerThanTheBufferAndAcrossEveryBufferBoundary() {
        String csv = "id,text\n1,\"" + "x".repeat(5000) + "\"\n2,\"a\r\nb\"\"c\"\r\n3,end";
        List<List<String>> expected = Records.of(csv);
        assertThat(expected).hasSize(4);
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        for (int buffer = 4; buffer <= 64; buffer++) {
            assertThat(Records.of(bytes, ',', '"', false, buffer))
                    .as("buffer %d", buffer)
                    .isEqualTo(expected);
        }
    }

    @Test
    void refusesARecordLargerThanTheLimitNamingItsLine() {
        byte[] in = ("a\nb\n\"" + "x".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> {
                    try (CsvScanner s = new CsvScanner(new ByteArrayInputStream(in), ',', '"', false, 4096, 1024)) {
                        while (s.next()) {
                            // read all
                        }
                    }
                })
                .isInstanceOf(MalformedCsvException.class)
                .hasMessageContaining("unterminated quote")
                .extracting(e -> ((MalformedCsvException) e).line())
                .isEqualTo(3L);
    }
}
