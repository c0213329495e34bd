package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.SourceCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceInputTest {

    @TempDir
    Path dir;

    @Test
    void decompressesAsItIsReadNeverTheWholeFileAtOnce() throws IOException {
        Path file = dir.resolve("big.csv.gz");
        Random random = new Random(7);
        long plain = 0;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            byte[] header = "id,value\n".getBytes(StandardCharsets.US_ASCII);
            out.write(header);
            plain += header.length;
            for (int i = 0; i < 400_000; i++) {
                byte[] line = (i + "," + random.nextLong() + "\n").getBytes(StandardCharsets.US_ASCII);
                out.write(line);
                plain += line.length;
            }
        }
        long stored = Files.size(file);

        DecodedInput input = InputDecoding.open(file, Optional.empty());
        try (InputStream utf8 = input.utf8()) {
            SourceInput source = input.source();
            assertThat(source.compression()).isEqualTo(SourceCompression.GZIP);
            assertThat(source.storedSize()).isEqualTo(stored);
            // the head for the sniffer came from a small part of the file
            assertThat(source.decodedBytes()).isEqualTo(InputDecoding.HEAD_BYTES);
            assertThat(source.storedPosition()).isLessThan(stored / 10);
            assertThat(new String(input.head(), 0, 9, StandardCharsets.US_ASCII))
                    .isEqualTo("id,value\n");

            // the head is the start of the stream, read again from memory
            long read = utf8.skip(Long.MAX_VALUE);
            assertThat(read).isEqualTo(plain);
            assertThat(source.decodedBytes()).isEqualTo(plain);
            assertThat(source.storedPosition()).isEqualTo(stored);
        }
    }

    @Test
    void tellsTheFormatsApartByTheirFirstBytesOnly() {
        assertThat(SourceInput.detect(new byte[] {0x1F, (byte) 0x8B, 8, 0})).isEqualTo(SourceCompression.GZIP);
        assertThat(SourceInput.detect(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}))
                .isEqualTo(SourceCompression.ZSTD);
        byte[] bzip2 = {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
        assertThat(SourceInput.detect(bzip2)).isEqualTo(SourceCompression.BZIP2);
        // CSV text that happens to start like bzip2's header is text
        assertThat(SourceInput.detect("BZh9,name,x\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(SourceCompression.NONE);
        assertThat(SourceInput.detect("id,name\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(SourceCompression.NONE);
        assertThat(SourceInput.detect(new byte[0])).isEqualTo(SourceCompression.NONE);
    }
}
