package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.Corpora;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BomAndCharsetTest {

    @TempDir
    Path dir;

    private static List<List<String>> read(DecodedInput input) throws IOException {
        try (var in = input.utf8()) {
            return Records.of(in, ',', '"', false, 1 << 16);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "utf8_bom.csv, UTF-8, true",
        "utf8_nobom.csv, UTF-8, false",
        "utf16le_bom.csv, UTF-16LE, true",
        "utf16be_bom.csv, UTF-16BE, true",
        "utf32le_bom.csv, UTF-32LE, true",
        "utf32be_bom.csv, UTF-32BE, true"
    })
    void readsFastCsvsBomFilesToTheSameRecords(String file, String charset, boolean bom) throws IOException {
        DecodedInput input = InputDecoding.open(Corpora.fastCsvSpec("bom/" + file), Optional.empty());
        assertThat(input.charset()).isEqualTo(Charset.forName(charset));
        assertThat(input.bom()).isEqualTo(bom);
        List<List<String>> expected =
                read(InputDecoding.open(Corpora.fastCsvSpec("bom/utf8_nobom.csv"), Optional.empty()));
        assertThat(expected).isNotEmpty();
        assertThat(read(input)).isEqualTo(expected);
    }

    @Test
    void dropsTheBomOfCommonsCsvsFile() throws IOException {
        DecodedInput input =
                InputDecoding.open(Corpora.resolve("commons-csv-fileparser/CSVFileParser/bom.csv"), Optional.empty());
        assertThat(input.bom()).isTrue();
        // Sluice keeps the spaces after the commas (Commons CSV's own test trims them)
        assertThat(read(input).get(0)).containsExactly("Date", " Open", " High", " Low", " Close", " Volume");
    }

    @Test
    void recognisesUtf16WithoutABom() throws IOException {
        Path file = dir.resolve("u16.csv");
        Files.write(file, "name,city\nZoë,Kraków\n".getBytes(StandardCharsets.UTF_16LE));
        DecodedInput input = InputDecoding.open(file, Optional.empty());
        assertThat(input.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(read(input)).containsExactly(List.of("name", "city"), List.of("Zoë", "Kraków"));
    }

    @Test
    void takesSingleByteTextAsWindows1252() throws IOException {
        Path file = dir.resolve("latin.csv");
        Files.write(file, "name\nJosé Müller €5\n".getBytes(Charset.forName("windows-1252")));
        DecodedInput input = InputDecoding.open(file, Optional.empty());
        assertThat(input.charset().name()).isEqualTo("windows-1252");
        assertThat(read(input).get(1)).containsExactly("José Müller €5");
    }

    @Test
    void marksUndecodableUtf16AsInvalidInsteadOfReplacingIt() throws IOException {
        Path file = dir.resolve("broken16.csv");
        byte[] text = "a\nb\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2 + 4];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(text, 0, bytes, 2, text.length);
        // a lone high surrogate, then "x"
        bytes[2 + text.length] = 0x00;
        bytes[3 + text.length] = (byte) 0xD8;
        bytes[4 + text.length] = 'x';
        bytes[5 + text.length] = 0;
        Files.write(file, bytes);
        DecodedInput input = InputDecoding.open(file, Optional.empty());
        try (CsvScanner s = new CsvScanner(input.utf8(), ',', '"', false, 1 << 20)) {
            assertThat(s.next()).isTrue();
            assertThat(s.invalidUtf8Field()).isEqualTo(-1);
            assertThat(s.next()).isTrue();
            assertThat(s.next()).isTrue();
            assertThat(s.invalidUtf8Field()).isEqualTo(0);
        }
    }

    @Test
    void refusesEmptyAndBinaryFilesQuickly() throws IOException {
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        assertThatThrownBy(() -> InputDecoding.open(empty, Optional.empty()))
                .isInstanceOf(MalformedCsvException.class)
                .hasMessageContaining("empty");
        byte[] binary = new byte[100_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31 + (i >> 3));
        }
        Path bin = Files.write(dir.resolve("data.bin"), binary);
        assertThatThrownBy(() -> InputDecoding.open(bin, Optional.empty()))
                .isInstanceOf(MalformedCsvException.class)
                .hasMessageContaining("binary");
        // a gzip header cut short: read as gzip (by its first bytes), and refused as truncated
        Path gz = Files.write(dir.resolve("x.csv.gz"), new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0});
        assertThatThrownBy(() -> InputDecoding.open(gz, Optional.empty()))
                .isInstanceOf(CorruptInputException.class)
                .hasMessageContaining("the gzip data is truncated (or damaged): the file ends at compressed byte 6");
        Path xz = Files.write(dir.resolve("x.csv.xz"), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4});
        assertThatThrownBy(() -> InputDecoding.open(xz, Optional.empty()))
                .isInstanceOf(MalformedCsvException.class)
                .hasMessageContaining("xz-compressed");
    }
}
