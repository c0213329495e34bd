package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Schema;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Takes full {@link RowBatch}es and gives back empty ones. {@link #direct} writes on the caller's
 * thread; {@link #pipelined} hands batches to a writer thread, so that reading and converting
 * overlap with Parquet encoding and compression.
 */
public abstract class BatchWriter {

    static final int BATCH_ROWS = 4096;
    /**
     * Values a batch holds at most (about 9 bytes each, a batch about 2.3 MB): a wide file gets
     * fewer rows per batch instead of more memory per column, so memory does not grow with the
     * header's width; files of up to 64 columns keep whole batches of {@value #BATCH_ROWS} rows.
     */
    static final int BATCH_CELLS = 1 << 18;

    static final int MIN_BATCH_ROWS = 8;

    final ParquetRowWriter writer;

    private BatchWriter(ParquetRowWriter writer) {
        this.writer = writer;
    }

    /** A batch to start filling. */
    public abstract RowBatch first();

    /** Writes the batch (now or later) and returns an empty batch to fill next. */
    public abstract RowBatch submit(RowBatch full) throws IOException;

    /** Writes the partly filled last batch and finishes the Parquet file. */
    public abstract void finish(RowBatch last) throws IOException;

    /** Stops without finishing the file properly (its content is to be thrown away). */
    public abstract void abort();

    public static BatchWriter direct(ParquetRowWriter writer, Schema schema) {
        return new Direct(writer, schema);
    }

    public static BatchWriter pipelined(ParquetRowWriter writer, Schema schema, String name) {
        return new Pipelined(writer, schema, name);
    }

    /** Rows per batch for a schema of {@code columns} data columns. */
    static int batchRows(int columns) {
        return Math.max(MIN_BATCH_ROWS, Math.min(BATCH_ROWS, BATCH_CELLS / Math.max(1, columns)));
    }

    private static RowBatch batch(Schema schema) {
        return new RowBatch(schema, batchRows(schema.size()));
    }

    void closeQuietly() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            // the file is being thrown away
        }
    }

    private static final class Direct extends BatchWriter {
        private final RowBatch batch;

        Direct(ParquetRowWriter writer, Schema schema) {
            super(writer);
            this.batch = batch(schema);
        }

        @Override
        public RowBatch first() {
            return batch;
        }

        @Override
        public RowBatch submit(RowBatch full) throws IOException {
            writer.write(full);
            full.clear();
            return full;
        }

        @Override
        public void finish(RowBatch last) throws IOException {
            writer.write(last);
            last.clear();
            writer.close();
        }

        @Override
        public void abort() {
            closeQuietly();
        }
    }

    private static final class Pipelined extends BatchWriter {
        private final BlockingQueue<RowBatch> full = new ArrayBlockingQueue<>(3);
        private final BlockingQueue<RowBatch> empty = new ArrayBlockingQueue<>(3);
        private final RowBatch start;
        private final RowBatch poison;
        private final Thread thread;
        private volatile Throwable failure;
        private volatile boolean aborted;

        Pipelined(ParquetRowWriter writer, Schema schema, String name) {
            super(writer);
            this.start = batch(schema);
            this.poison = new RowBatch(Schema.of(), 1);
            empty.add(batch(schema));
            empty.add(batch(schema));
            thread = new Thread(this::drain, "sluice-parquet-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void drain() {
            try {
                while (true) {
                    RowBatch batch = full.take();
                    if (batch == poison) {
                        return;
                    }
                    if (failure == null && !aborted) {
                        try {
                            writer.write(batch);
                        } catch (Throwable e) {
                            failure = e;
                        }
                    }
                    batch.clear();
                    empty.put(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public RowBatch first() {
            return start;
        }

        @Override
        public RowBatch submit(RowBatch batch) throws IOException {
            rethrow();
            try {
                full.put(batch);
                return empty.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing rows to the Parquet writer");
            }
        }

        @Override
        public void finish(RowBatch last) throws IOException {
            try {
                full.put(last);
                full.put(poison);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while finishing the Parquet file");
            }
            rethrow();
            writer.close();
        }

        @Override
        public void abort() {
            aborted = true;
            try {
                full.put(poison);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly();
        }

        private void rethrow() throws IOException {
            Throwable e = failure;
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
    }
}
