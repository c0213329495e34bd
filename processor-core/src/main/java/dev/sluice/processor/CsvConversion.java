package dev.sluice.processor;

import dev.sluice.processor.internal.Engine;
import dev.sluice.processor.internal.RangeConversions;
import dev.sluice.processor.internal.Settings;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one entry point of processor-core: converts a CSV file into a Parquet file, keeping the
 * rows it cannot convert. Configure it with {@link #builder()}; instances are immutable and
 * thread-safe, one conversion per {@link #convert} call.
 *
 * <p>Whatever is not set is found from the file: charset (byte order marks, UTF-16 without one,
 * Windows-1252), delimiter, quote, escape style, header, and the schema (a full typing pass over
 * the file before the writing pass).
 */
public final class CsvConversion {

    /** Rows larger than this are an error (an unterminated quote, usually); fields up to it work. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 128 << 20;

    /**
     * Files with more columns are refused when their first record is read: what a conversion keeps
     * per column (types, statistics, Parquet writers) makes a very wide file take more memory than
     * its size suggests.
     */
    public static final int DEFAULT_MAX_COLUMNS = 4096;

    public static final long DEFAULT_ROW_GROUP_BYTES = 64L << 20;
    public static final int DEFAULT_PAGE_BYTES = 1 << 20;
    public static final double DEFAULT_MAX_REJECT_RATIO = 0.1;
    public static final int MAX_THREADS = 64;

    private final Settings settings;

    private CsvConversion(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts {@code csv} into {@code parquet}. The Parquet file appears only when the conversion
     * succeeds (written beside it, then moved into place).
     *
     * @throws ConversionException when the file as a whole cannot be converted; the message names the
     *     file and, where known, the line
     */
    public ConversionReport convert(Path csv, Path parquet) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(parquet, "parquet");
        return Engine.convert(csv, parquet, settings);
    }

    /**
     * Plans {@code csv} as byte ranges of about {@code rangeBytes} that can be converted apart, each
     * into its own Parquet file (see {@link RangePlan}). Finds the dialect and the schema first: the
     * given {@link Builder#schema} (a batch's), else the exact schema of every value in the file,
     * which takes one reading of it on this thread. {@code processedAt} is fixed here for all
     * ranges. A rejects file is not written by ranges: their results hold the first rejected rows.
     */
    public RangePlan planRanges(Path csv, long rangeBytes) {
        Objects.requireNonNull(csv, "csv");
        if (rangeBytes < 1) {
            throw new IllegalArgumentException("rangeBytes must be positive, not " + rangeBytes);
        }
        return new RangePlan(RangeConversions.plan(csv, settings, rangeBytes));
    }

    /**
     * As {@link #planRanges(Path, long)}, for a caller that has not copied the file whole: the first
     * records are read from {@code head}, a copy of the file's start, and of {@code csv} only the
     * bytes at each cut (about every {@code rangeBytes}, up to the first line feed after it).
     *
     * @throws IllegalArgumentException when {@code head} ends before the records a sample takes:
     *     copy more of the file's start
     */
    public RangePlan planRanges(Path head, Path csv, long rangeBytes) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(csv, "csv");
        if (rangeBytes < 1) {
            throw new IllegalArgumentException("rangeBytes must be positive, not " + rangeBytes);
        }
        return new RangePlan(RangeConversions.plan(head, csv, settings, rangeBytes));
    }

    /**
     * The plan a {@link RangePlan#spec()} describes, over {@code csv}: the file itself or a copy
     * that holds at least the bytes of the ranges this caller converts (a task converting one range
     * of a file it has not read whole). This conversion's settings must be those of the plan's.
     */
    public RangePlan rangePlan(Path csv, RangePlan.Spec spec) {
        return new RangePlan(spec.toPlan(Objects.requireNonNull(csv, "csv"), settings));
    }

    /** What {@code csv} would become, without writing anything: dialect, and per column name, type, nulls, example. */
    public Inspection inspect(Path csv) {
        Objects.requireNonNull(csv, "csv");
        return Engine.inspect(csv, settings);
    }

    /**
     * One schema for a batch of files, as if they were one file: columns matched by original name
     * (in order of first appearance), every value of every file seen. Convert each file with
     * {@code builder().schema(schema)} so that they all share it.
     */
    public Schema inferSchema(List<Path> csvs) {
        return Engine.inferSchema(List.copyOf(csvs), settings);
    }

    /** Options of a conversion. Every setter returns a new, independent builder. */
    public static final class Builder {
        private Optional<String> sourceUri = Optional.empty();
        private String processingJob = "sluice-convert";
        private Optional<Instant> processedAt = Optional.empty();
        private Optional<Path> rejects = Optional.empty();
        private Optional<Character> delimiter = Optional.empty();
        private Optional<Character> quote = Optional.empty();
        private Optional<EscapeStyle> escape = Optional.empty();
        private Optional<Boolean> header = Optional.empty();
        private Optional<Charset> charset = Optional.empty();
        private List<String> nullTokens = Settings.DEFAULT_NULL_TOKENS;
        private OnError onError = OnError.REJECT;
        private double maxRejectRatio = DEFAULT_MAX_REJECT_RATIO;
        private Compression compression = Compression.SNAPPY;
        private long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
        private int pageBytes = DEFAULT_PAGE_BYTES;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxColumns = DEFAULT_MAX_COLUMNS;
        private Optional<Schema> schema = Optional.empty();
        private int threads = 1;
        private ProgressListener progress = (phase, done, total) -> {};

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.sourceUri = sourceUri;
            b.processingJob = processingJob;
            b.processedAt = processedAt;
            b.rejects = rejects;
            b.delimiter = delimiter;
            b.quote = quote;
            b.escape = escape;
            b.header = header;
            b.charset = charset;
            b.nullTokens = nullTokens;
            b.onError = onError;
            b.maxRejectRatio = maxRejectRatio;
            b.compression = compression;
            b.rowGroupBytes = rowGroupBytes;
            b.pageBytes = pageBytes;
            b.maxRecordBytes = maxRecordBytes;
            b.maxColumns = maxColumns;
            b.schema = schema;
            b.threads = threads;
            b.progress = progress;
            return b;
        }

        /** The value of {@code source_file}; defaults to the input's {@code file:} URI. */
        public Builder sourceUri(String sourceUri) {
            Builder b = copy();
            b.sourceUri = Optional.of(Objects.requireNonNull(sourceUri, "sourceUri"));
            return b;
        }

        /** The value of {@code processing_job}: job name and run id. */
        public Builder processingJob(String processingJob) {
            Builder b = copy();
            b.processingJob = Objects.requireNonNull(processingJob, "processingJob");
            return b;
        }

        /**
         * The value of {@code processed_at}, one for the whole run (kept to the millisecond);
         * defaults to the start of the conversion.
         */
        public Builder processedAt(Instant processedAt) {
            Builder b = copy();
            b.processedAt = Optional.of(Objects.requireNonNull(processedAt, "processedAt"));
            return b;
        }

        /** Where rejected rows go (CSV with line number, reason and raw text); none are kept when unset. */
        public Builder rejects(Path rejects) {
            Builder b = copy();
            b.rejects = Optional.of(Objects.requireNonNull(rejects, "rejects"));
            return b;
        }

        /** The field delimiter, instead of sniffing it ({@code , ; \t |} are sniffed). */
        public Builder delimiter(char delimiter) {
            requireAscii(delimiter, "delimiter");
            Builder b = copy();
            b.delimiter = Optional.of(delimiter);
            return b;
        }

        /** The quote character, instead of sniffing it ({@code "} or {@code '}). */
        public Builder quote(char quote) {
            requireAscii(quote, "quote");
            Builder b = copy();
            b.quote = Optional.of(quote);
            return b;
        }

        /** How quotes are escaped inside quoted fields, instead of sniffing it. */
        public Builder escape(EscapeStyle escape) {
            Builder b = copy();
            b.escape = Optional.of(Objects.requireNonNull(escape, "escape"));
            return b;
        }

        /** Whether the first record is a header, instead of sniffing it. */
        public Builder header(boolean header) {
            Builder b = copy();
            b.header = Optional.of(header);
            return b;
        }

        /** The file's charset, instead of detecting it (byte order marks, UTF-16, Windows-1252, UTF-8). */
        public Builder charset(Charset charset) {
            Builder b = copy();
            b.charset = Optional.of(Objects.requireNonNull(charset, "charset"));
            return b;
        }

        /** Field values that mean "no value"; default: empty, NULL, null, N/A, NA. Compared exactly. */
        public Builder nullTokens(List<String> tokens) {
            Builder b = copy();
            b.nullTokens = List.copyOf(tokens);
            return b;
        }

        /** What to do with a row that cannot be converted; default {@link OnError#REJECT}. */
        public Builder onError(OnError onError) {
            Builder b = copy();
            b.onError = Objects.requireNonNull(onError, "onError");
            return b;
        }

        /**
         * The share of rejected rows (0 to 1) above which the conversion fails after reading the
         * file; default {@value #DEFAULT_MAX_REJECT_RATIO}.
         */
        public Builder maxRejectRatio(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("maxRejectRatio must be between 0 and 1, not " + ratio);
            }
            Builder b = copy();
            b.maxRejectRatio = ratio;
            return b;
        }

        /** Page compression; default {@link Compression#SNAPPY}. */
        public Builder compression(Compression compression) {
            Builder b = copy();
            b.compression = Objects.requireNonNull(compression, "compression");
            return b;
        }

        /** Target row group size in bytes; default 64 MiB. */
        public Builder rowGroupBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("rowGroupBytes must be at least 1024, not " + bytes);
            }
            Builder b = copy();
            b.rowGroupBytes = bytes;
            return b;
        }

        /** Target page size in bytes; default 1 MiB. */
        public Builder pageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("pageBytes must be at least 1024, not " + bytes);
            }
            Builder b = copy();
            b.pageBytes = bytes;
            return b;
        }

        /** The largest record accepted, in bytes; default 128 MiB. */
        public Builder maxRecordBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxRecordBytes must be at least 1024, not " + bytes);
            }
            Builder b = copy();
            b.maxRecordBytes = bytes;
            return b;
        }

        /**
         * The most columns a file may have; default {@value #DEFAULT_MAX_COLUMNS}. A file with more
         * is refused with a {@link ConversionException} naming the limit and its count.
         */
        public Builder maxColumns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("maxColumns must be at least 1, not " + columns);
            }
            Builder b = copy();
            b.maxColumns = columns;
            return b;
        }

        /**
         * Converts with this schema instead of inferring one (skipping the typing pass). Columns are
         * matched by original name when the header names only known columns, else by position;
         * values that do not fit their column are rejected with the reason.
         */
        public Builder schema(Schema schema) {
            Builder b = copy();
            b.schema = Optional.of(Objects.requireNonNull(schema, "schema"));
            return b;
        }

        /**
         * Threads per conversion: 1 (default) reads, converts and writes on the calling thread.
         * More cut a large UTF-8 file with LF or CRLF line ends into byte ranges converted at once
         * (the output is the same as with one thread, in row groups that end at the ranges); a
         * file that cannot be cut, or whose cuts cannot be proven to start records, is read on
         * one thread while a second encodes and compresses Parquet.
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be 1 to " + MAX_THREADS + ", not " + threads);
            }
            Builder b = copy();
            b.threads = threads;
            return b;
        }

        /** Told now and then how far the conversion has read. */
        public Builder progress(ProgressListener progress) {
            Builder b = copy();
            b.progress = Objects.requireNonNull(progress, "progress");
            return b;
        }

        public CsvConversion build() {
            return new CsvConversion(new Settings(
                    sourceUri,
                    processingJob,
                    processedAt,
                    rejects,
                    delimiter,
                    quote,
                    escape,
                    header,
                    charset,
                    nullTokens,
                    onError,
                    maxRejectRatio,
                    compression,
                    rowGroupBytes,
                    pageBytes,
                    maxRecordBytes,
                    maxColumns,
                    schema,
                    threads,
                    progress));
        }

        private static void requireAscii(char c, String what) {
            if (c == 0 || c > 0x7F || c == '\n' || c == '\r') {
                throw new IllegalArgumentException(what + " must be a printable ASCII character or tab");
            }
        }
    }
}
