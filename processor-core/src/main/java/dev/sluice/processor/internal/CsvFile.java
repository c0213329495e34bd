package dev.sluice.processor.internal;

import dev.sluice.processor.Dialect;
import dev.sluice.processor.EscapeStyle;
import dev.sluice.processor.SourceCompression;
import dev.sluice.processor.internal.csv.CsvScanner;
import dev.sluice.processor.internal.csv.DecodedInput;
import dev.sluice.processor.internal.csv.DialectSniffer;
import dev.sluice.processor.internal.csv.InputDecoding;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.csv.SourceInput;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CSV file opened for one pass: decoded to UTF-8, its dialect known, its header (if any)
 * consumed. When the file has no header its first record is already in the scanner, {@link
 * #nextRecord()} returns it first.
 */
final class CsvFile implements Closeable {

    final Path path;
    final long size;
    final Dialect dialect;
    final CsvScanner scanner;
    final List<String> header;
    /** The file's bytes as stored, with their counts: compressed size, decompressed bytes read. */
    final SourceInput source;

    private boolean pending;
    private long until = Long.MAX_VALUE;
    private long firstRecord = -1;
    private long stoppedAt = -1;
    private long stoppedLine;
    private long firstLine;

    private CsvFile(
            Path path,
            long size,
            SourceInput source,
            Dialect dialect,
            CsvScanner scanner,
            List<String> header,
            boolean pending) {
        this.path = path;
        this.size = size;
        this.source = source;
        this.dialect = dialect;
        this.scanner = scanner;
        this.header = header;
        this.pending = pending;
    }

    /** Opens a file, sniffing what {@code known} and the settings leave open. */
    static CsvFile open(Path path, Settings settings, Optional<Dialect> known, NullTokens nulls) throws IOException {
        long size = Files.size(path);
        DecodedInput input =
                InputDecoding.open(path, known.map(Dialect::charset).or(settings::charset));
        try {
            Dialect dialect = known.orElseGet(() -> sniff(input, settings, nulls));
            CsvScanner scanner = CsvScanner.withMaxFields(
                    input.utf8(),
                    dialect.delimiter(),
                    dialect.quote(),
                    dialect.escape() == EscapeStyle.BACKSLASH,
                    settings.maxRecordBytes(),
                    settings.maxColumns());
            if (!scanner.next()) {
                throw new MalformedCsvException("the file holds no records, only blank lines", 0);
            }
            requireColumns(scanner.fieldCount(), dialect.header(), settings.maxColumns(), scanner.line());
            List<String> header = new ArrayList<>(scanner.fieldCount());
            for (int i = 0; i < scanner.fieldCount(); i++) {
                header.add(dialect.header() ? scanner.fieldString(i) : "col_" + (i + 1));
            }
            return new CsvFile(path, size, input.source(), dialect, scanner, List.copyOf(header), !dialect.header());
        } catch (IOException | RuntimeException e) {
            input.utf8().close();
            throw e;
        }
    }

    private static Dialect sniff(DecodedInput input, Settings settings, NullTokens nulls) {
        DialectSniffer.Sniffed sniffed = DialectSniffer.sniff(
                input.head(),
                settings.delimiter().orElse(null),
                settings.quote().orElse(null),
                settings.escape().orElse(null));
        boolean header = settings.header().orElseGet(() -> {
            // the head is all it reads, however long the file's first line: the sample's records
            // and their fields are bounded by the head, their count by the column limit
            try (CsvScanner sample = CsvScanner.withMaxFields(
                    new ByteArrayInputStream(input.head()),
                    sniffed.delimiter(),
                    sniffed.quote(),
                    sniffed.escape() == EscapeStyle.BACKSLASH,
                    InputDecoding.HEAD_BYTES * 2,
                    settings.maxColumns())) {
                return HeaderDetector.hasHeader(sample, nulls, settings.maxColumns());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Dialect(
                sniffed.delimiter(),
                sniffed.quote(),
                sniffed.escape(),
                header,
                input.charset(),
                input.bom(),
                sniffed.lineEnding());
    }

    /**
     * Refuses a file whose first record has more fields than the column limit, before anything is
     * kept per column: memory grows with the columns (type inference, batches, Parquet writers).
     */
    private static void requireColumns(int fields, boolean header, int limit, long line) {
        if (fields > limit) {
            throw new MalformedCsvException(
                    String.format(
                            Locale.ROOT,
                            "the %s has %,d columns, more than the limit of %,d columns"
                                    + " (maxColumns; --max-columns on the command line)",
                            header ? "header" : "first record",
                            fields,
                            limit),
                    Math.max(1, line));
        }
    }

    /**
     * How far reading has got, comparable with {@link #size}: for a compressed file the compressed
     * bytes taken, since its decompressed size is not known before the end.
     */
    long position() {
        return source == null || source.compression() == SourceCompression.NONE
                ? scanner.position()
                : source.storedPosition();
    }

    /**
     * A part of a UTF-8 file read on its own: from {@code from}, which is taken to be where a
     * record starts, up to the first record that starts at or after {@code until}. The scanner's
     * positions and lines count from {@code from}.
     */
    static CsvFile range(Path path, Settings settings, Dialect dialect, List<String> header, long from, long until)
            throws IOException {
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path);
        try {
            channel.position(from);
            CsvScanner scanner = new CsvScanner(
                    java.nio.channels.Channels.newInputStream(channel),
                    dialect.delimiter(),
                    dialect.quote(),
                    dialect.escape() == EscapeStyle.BACKSLASH,
                    settings.maxRecordBytes());
            // ranges are cut only in files read as they are stored, so there is no decoding to count
            CsvFile file = new CsvFile(path, Files.size(path), null, dialect, scanner, header, false);
            file.until = until - from;
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Ends this pass before the first record that starts at or after {@code position} of the input. */
    void stopBefore(long position) {
        until = position;
    }

    /** Where the first record of this pass started, or -1 when it had none. */
    long firstRecord() {
        return firstRecord;
    }

    /** The line the first record of this pass starts on. */
    long firstLine() {
        return firstLine;
    }

    /** The record this pass stopped before: where it starts, or -1 when the pass reached the end. */
    long stoppedAt() {
        return stoppedAt;
    }

    /** The line the record this pass stopped before starts on. */
    long stoppedLine() {
        return stoppedLine;
    }

    /** Moves to the next data record; false at the end. */
    boolean nextRecord() throws IOException {
        if (pending) {
            pending = false;
            return true;
        }
        if (!scanner.next()) {
            return false;
        }
        long at = scanner.recordPosition();
        if (at >= until) {
            stoppedAt = at;
            stoppedLine = scanner.line();
            return false;
        }
        if (firstRecord < 0) {
            firstRecord = at;
            firstLine = scanner.line();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        scanner.close();
    }
}
