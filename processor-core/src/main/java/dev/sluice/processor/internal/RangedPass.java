package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Dialect;
import dev.sluice.processor.ProgressListener;
import dev.sluice.processor.RejectedRow;
import dev.sluice.processor.Schema;
import dev.sluice.processor.SourceCompression;
import dev.sluice.processor.internal.convert.RejectsSpool;
import dev.sluice.processor.internal.convert.RejectsWriter;
import dev.sluice.processor.internal.csv.DecodedInput;
import dev.sluice.processor.internal.csv.InputDecoding;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.parquet.BatchWriter;
import dev.sluice.processor.internal.parquet.ParquetFile;
import dev.sluice.processor.internal.parquet.ParquetRowWriter;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One writing pass over a file cut into byte ranges that several threads convert at once, their
 * row groups laid into one Parquet file in the order of the ranges.
 *
 * <p>A range is cut just after a line feed, which is a record boundary unless it lies inside a
 * quoted field; which it is cannot be told from the bytes around it. So each range is parsed
 * speculatively as if it started a record, and kept only when the range before it, parsed from a
 * proven start, stops exactly where this one's first record starts: from a true record boundary
 * the scanner reads the same records as a reading of the whole file would. The first range starts
 * after the header, which is proven. When a range is not proven the pass gives up (the caller
 * reads the file on one thread); so do failures, which only count once the range they happen in
 * is proven, and are then reported at their line in the whole file.
 *
 * <p>Only UTF-8 files read as they are (no transcoding, no compression) with LF or CRLF line ends
 * are cut. Each range spools its rejected rows beside the rejects file; a kept range's spool is
 * copied into it, in the order of the ranges, with the lines of the whole file.
 */
final class RangedPass {

    static final long MIN_RANGE_BYTES = 8L << 20;
    static final long MAX_RANGE_BYTES = 64L << 20;

    private final Path csv;
    private final Settings settings;
    private final Dialect dialect;
    private final List<String> header;
    private final NullTokens nulls;
    /** File offsets where ranges start; [0] is where the records after the header start. */
    private final long[] starts;

    private final int bom;
    private final long size;

    private RangedPass(
            Path csv,
            Settings settings,
            Dialect dialect,
            List<String> header,
            NullTokens nulls,
            long[] starts,
            int bom,
            long size) {
        this.csv = csv;
        this.settings = settings;
        this.dialect = dialect;
        this.header = header;
        this.nulls = nulls;
        this.starts = starts;
        this.bom = bom;
        this.size = size;
    }

    /**
     * The ranges of a file, when threads are asked for and it can be cut; else why it is converted
     * on one thread ({@code oneThread}, empty when one thread was asked for).
     */
    record Planned(Optional<RangedPass> pass, String oneThread) {
        static Planned oneThread(String why) {
            return new Planned(Optional.empty(), why);
        }
    }

    /** With a chosen smallest range: tests cut small files into many ranges. */
    static Planned plan(
            Path csv, Settings settings, Dialect dialect, List<String> header, NullTokens nulls, long minRange)
            throws IOException {
        if (settings.threads() < 2) {
            return Planned.oneThread("");
        }
        long size = java.nio.file.Files.size(csv);
        if (size < 2 * minRange) {
            String range = minRange % (1 << 20) == 0 ? (minRange >> 20) + " MB" : minRange + " bytes";
            return Planned.oneThread("it is smaller than two ranges of " + range);
        }
        long length = Math.max(minRange, Math.min(MAX_RANGE_BYTES, size / (settings.threads() * 2L)));
        Cuts cuts = cuts(csv, settings, dialect, length);
        if (!cuts.cut()) {
            return Planned.oneThread(cuts.uncut());
        }
        return new Planned(
                Optional.of(new RangedPass(
                        csv, settings, dialect, header, nulls, cuts.starts(), dialect.bom() ? 3 : 0, size)),
                "");
    }

    /**
     * Where ranges of a file start ([0] is 0: the first range holds the header), or, when it is
     * one range, why ({@code uncut}).
     */
    record Cuts(long[] starts, String uncut) {
        static Cuts none(String why) {
            return new Cuts(new long[] {0}, why);
        }

        boolean cut() {
            return starts.length > 1;
        }
    }

    /**
     * Where ranges of about {@code length} bytes would start, each just after a line feed; one
     * range, saying why, when the file cannot be cut at all (another charset, CR line ends, a
     * compressed or transcoded file) or is not larger than one range.
     */
    static Cuts cuts(Path csv, Settings settings, Dialect dialect, long length) throws IOException {
        if (!dialect.charset().equals(StandardCharsets.UTF_8)) {
            return Cuts.none("it is " + dialect.charset().name() + " text, and only UTF-8 files are cut");
        }
        if (!(dialect.lineEnding().equals("LF") || dialect.lineEnding().equals("CRLF"))) {
            return Cuts.none("its lines end in " + dialect.lineEnding() + ", and only LF and CRLF files are cut");
        }
        try (FileChannel channel = FileChannel.open(csv)) {
            long size = channel.size();
            if (size <= length) {
                return Cuts.none("it is not larger than one range (" + length + " bytes)");
            }
            String changed = changedAsRead(csv, channel, dialect.bom() ? 3 : 0);
            if (changed != null) {
                return Cuts.none(changed);
            }
            List<Long> starts = new ArrayList<>();
            starts.add(0L);
            for (long cut = length; cut < size; cut += length) {
                long start = afterLineFeed(channel, cut, settings.maxRecordBytes());
                if (start < 0 || start >= size) {
                    break;
                }
                if (start > starts.get(starts.size() - 1)) {
                    starts.add(start);
                }
            }
            if (starts.size() < 2) {
                return Cuts.none("no line feed lies within " + settings.maxRecordBytes() + " bytes after a cut");
            }
            return new Cuts(starts.stream().mapToLong(Long::longValue).toArray(), "");
        }
    }

    /**
     * Range {@code k} of a file opened for reading: the first through the decoded input (it holds
     * the header, and its positions do not count the byte order mark), the others from their
     * start. Each stops before the first record that starts in the next range.
     */
    static CsvFile open(
            Path csv, Settings part, Dialect dialect, List<String> header, NullTokens nulls, long[] starts, int k)
            throws IOException {
        long until = k + 1 < starts.length ? starts[k + 1] : Long.MAX_VALUE;
        if (k > 0) {
            return CsvFile.range(csv, part, dialect, header, starts[k], until);
        }
        CsvFile file = CsvFile.open(csv, part, Optional.of(dialect), nulls);
        int bom = dialect.bom() ? 3 : 0;
        file.stopBefore(until == Long.MAX_VALUE ? until : until - bom);
        return file;
    }

    int ranges() {
        return starts.length;
    }

    /**
     * Null when the decoded input is the file's own bytes after its byte order mark (then a byte
     * offset of the input is one of the file), else why not.
     */
    private static String changedAsRead(Path csv, FileChannel channel, int bom) throws IOException {
        int n = InputDecoding.HEAD_BYTES;
        DecodedInput input = InputDecoding.open(csv, Optional.of(StandardCharsets.UTF_8));
        try (InputStream decoded = input.utf8()) {
            if (input.source().compression() != SourceCompression.NONE) {
                return "it is " + input.source().compression().label()
                        + "-compressed, and a compressed stream is read from its start";
            }
            byte[] head = decoded.readNBytes(n);
            ByteBuffer raw = ByteBuffer.allocate(head.length);
            channel.read(raw, bom);
            return raw.position() == head.length && Arrays.equals(raw.array(), head)
                    ? null
                    : "its bytes are changed as they are read (transcoded), so an offset of the text is none of the file";
        }
    }

    /** The offset just after the first line feed at or after {@code from}, or -1 when none is near. */
    private static long afterLineFeed(FileChannel channel, long from, int maxRecordBytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        long at = from;
        while (at - from < maxRecordBytes) {
            buf.clear();
            int read = channel.read(buf, at);
            if (read <= 0) {
                return -1;
            }
            byte[] b = buf.array();
            for (int i = 0; i < read; i++) {
                if (b[i] == '\n') {
                    return at + i + 1;
                }
            }
            at += read;
        }
        return -1;
    }

    /**
     * Converts the ranges into {@code temp}. Empty when a range could not be proven to start a
     * record: nothing of this pass is then kept.
     */
    Optional<WritePass.Outcome> run(
            Path temp,
            Path rejectsTemp,
            Map<String, String> metadata,
            long processedAtMillis,
            String source,
            Schema schema,
            int[] mapping,
            boolean inferring,
            Set<String> plainColumns)
            throws IOException {
        ParquetRowWriter.Options options = WritePass.options(settings, plainColumns);
        int threads = settings.threads();
        Progress progress = new Progress(settings.progress(), starts.length, size);
        try (ParquetFile file = ParquetFile.create(temp, schema, metadata, options);
                RejectsWriter rejects = rejectsTemp == null ? null : new RejectsWriter(rejectsTemp)) {
            Commit commit = new Commit(file, rejects, threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "sluice-range");
                t.setDaemon(true);
                return t;
            });
            try {
                for (int k = 0; k < starts.length; k++) {
                    int index = k;
                    pool.execute(() -> {
                        if (!commit.admit(index)) {
                            return;
                        }
                        Part part = convert(
                                index,
                                schema,
                                mapping,
                                inferring,
                                options,
                                processedAtMillis,
                                source,
                                progress,
                                rejectsTemp);
                        commit.complete(part);
                    });
                }
            } finally {
                pool.shutdown();
            }
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // a range of a large file takes a while
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while converting ranges of " + csv);
            }
            commit.discardSpools();
            rethrow(commit.error);
            if (!commit.proven) {
                return Optional.empty();
            }
            file.end();
            return Optional.of(commit.outcome(schema));
        }
    }

    private static void rethrow(Throwable e) throws IOException {
        if (e == null) {
            return;
        }
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IOException(e);
    }

    /** What converting one range gave: its records' bounds, its row groups, or what went wrong. */
    private record Part(
            int index,
            long first,
            long firstLine,
            long stop,
            long stopLine,
            boolean wrote,
            WritePass.Outcome outcome,
            List<ParquetRowWriter.RowGroup> groups,
            RejectsSpool spool,
            Throwable failure) {}

    private Part convert(
            int k,
            Schema schema,
            int[] mapping,
            boolean inferring,
            ParquetRowWriter.Options options,
            long processedAtMillis,
            String source,
            Progress progress,
            Path rejectsTemp) {
        List<ParquetRowWriter.RowGroup> groups = new ArrayList<>();
        RejectsSpool spool = null;
        Settings part = progress.settingsOf(k, settings);
        long offset = k == 0 ? bom : starts[k];
        CsvFile file = null;
        try {
            file = open(csv, part, dialect, header, nulls, starts, k);
            SchemaInference inference = inferring ? new SchemaInference(header) : null;
            WritePass pass = new WritePass(csv, part, file, schema, mapping, nulls, inference).part();
            ParquetRowWriter writer = ParquetRowWriter.rowGroups(
                    groups::add, schema, processedAtMillis, source, settings.processingJob(), options);
            if (rejectsTemp != null) {
                // this range's rejected rows wait beside the rejects file until its first line is known
                spool = new RejectsSpool(rejectsTemp.resolveSibling(rejectsTemp.getFileName() + ".range-" + k));
            }
            WritePass.Outcome outcome = pass.write(BatchWriter.direct(writer, schema), spool);
            return new Part(
                    k,
                    file.firstRecord() < 0 ? -1 : file.firstRecord() + offset,
                    file.firstLine(),
                    file.stoppedAt() < 0 ? -1 : file.stoppedAt() + offset,
                    file.stoppedLine(),
                    pass.wrote(),
                    outcome,
                    groups,
                    spool,
                    null);
        } catch (Throwable e) {
            long first = file == null || file.firstRecord() < 0 ? -1 : file.firstRecord() + offset;
            if (spool != null) {
                spool.discard();
            }
            return new Part(k, first, file == null ? 0 : file.firstLine(), -1, 0, false, null, groups, null, e);
        } finally {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    // read only; nothing is lost
                }
            }
        }
    }

    /**
     * Lays finished ranges into the file in order, checking each start against the end of the
     * range before it; holds back ranges that would run too far ahead of the one being waited for
     * (their row groups wait in memory).
     */
    private final class Commit {
        private final ParquetFile file;
        private final int window;
        private final Part[] parts = new Part[starts.length];
        private final List<Part> kept = new ArrayList<>();
        private int next;
        /** The line (in the whole file) of the record the last kept range stopped before. */
        private long lineOfNext;

        private long offsetOfNext;
        volatile boolean proven = true;
        volatile Throwable error;
        private final List<Long> bases = new ArrayList<>();

        private final RejectsWriter rejects;

        Commit(ParquetFile file, RejectsWriter rejects, int threads) {
            this.file = file;
            this.rejects = rejects;
            this.window = threads;
        }

        /**
         * Waits until range {@code k} is at most {@code threads} ranges ahead of the first range
         * not laid into the file yet. By index, not by arrival: the range waited for is always
         * admitted, however the threads that took the ranges after it are scheduled (a count of
         * permits let later ranges take them all while it had not yet asked for one).
         */
        synchronized boolean admit(int k) {
            try {
                while (proven && error == null && k > next + window) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return proven && error == null;
        }

        synchronized void complete(Part part) {
            parts[part.index()] = part;
            while (proven && error == null && next < parts.length && parts[next] != null) {
                keep(parts[next]);
                parts[next] = null;
                next++;
            }
            // ranges further on may start now; or, when a range failed or was not proven, run out
            notifyAll();
        }

        private void keep(Part part) {
            long base;
            if (part.index() == 0) {
                base = 0;
            } else if (offsetOfNext < 0 ? part.first() < 0 : part.first() == offsetOfNext) {
                base = lineOfNext - part.firstLine();
            } else {
                proven = false;
                discard(part);
                return;
            }
            if (part.failure() != null) {
                error = placed(part.failure(), base);
                return;
            }
            if (part.first() < 0 && part.index() > 0) {
                // nothing left after the previous range: the rest of the ranges must be empty too
                offsetOfNext = -1;
            } else {
                offsetOfNext = part.stop();
                lineOfNext = base + part.stopLine();
            }
            try {
                for (ParquetRowWriter.RowGroup group : part.groups()) {
                    file.append(group);
                }
                if (part.spool() != null) {
                    part.spool().replay(rejects, base);
                }
            } catch (IOException | RuntimeException e) {
                error = e;
                discard(part);
                return;
            }
            bases.add(base);
            kept.add(part);
        }

        private void discard(Part part) {
            if (part.spool() != null) {
                part.spool().discard();
            }
        }

        /** The spools of ranges not kept (once every range has run out). */
        synchronized void discardSpools() {
            for (Part part : parts) {
                if (part != null) {
                    discard(part);
                }
            }
        }

        /** A failure of a proven range, at its line in the whole file. */
        private Throwable placed(Throwable failure, long base) {
            if (failure instanceof WritePass.Rejection r) {
                return new ConversionException(Engine.where(csv, base + r.line)
                        + (r.column.isEmpty() ? "" : "column " + r.column + ": ")
                        + r.reason);
            }
            if (failure instanceof MalformedCsvException m) {
                return new MalformedCsvException(m.getMessage(), m.line() > 0 ? base + m.line() : 0);
            }
            return failure;
        }

        /** The outcome of the whole pass, as one reading of the file would give it. */
        WritePass.Outcome outcome(Schema schema) {
            long read = 0;
            long written = 0;
            long rejected = 0;
            boolean wrote = true;
            List<RejectedRow> samples = new ArrayList<>();
            SchemaInference inference = null;
            for (int i = 0; i < kept.size(); i++) {
                Part part = kept.get(i);
                WritePass.Outcome o = part.outcome();
                read += o.rowsRead();
                written += o.rowsWritten();
                rejected += o.rowsRejected();
                wrote &= part.wrote();
                for (RejectedRow row : o.samples()) {
                    if (samples.size() < ConversionReport.MAX_SAMPLES) {
                        samples.add(new RejectedRow(bases.get(i) + row.line(), row.column(), row.reason()));
                    }
                }
                if (o.inference() != null) {
                    if (inference == null) {
                        inference = o.inference();
                    } else {
                        inference.merge(o.inference());
                    }
                }
            }
            boolean confirmed =
                    wrote && (inference == null || inference.schema().equals(schema));
            return new WritePass.Outcome(confirmed, read, written, rejected, samples, inference);
        }
    }

    /** Progress of all ranges as one: the bytes each has read, added up. */
    private static final class Progress {
        private final ProgressListener listener;
        private final long[] done;
        private final long total;

        Progress(ProgressListener listener, int ranges, long total) {
            this.listener = listener;
            this.done = new long[ranges];
            this.total = total;
        }

        Settings settingsOf(int range, Settings s) {
            ProgressListener mine = (phase, bytes, ignored) -> report(range, phase, bytes);
            return s.forOnePart(mine);
        }

        private synchronized void report(int range, String phase, long bytes) {
            done[range] = bytes;
            long sum = 0;
            for (long d : done) {
                sum += d;
            }
            listener.progress(phase, Math.min(sum, total), total);
        }
    }
}
