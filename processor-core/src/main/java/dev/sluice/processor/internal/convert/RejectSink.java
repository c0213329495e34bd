package dev.sluice.processor.internal.convert;

import java.io.Closeable;
import java.io.IOException;

/** Where a pass puts the rows it rejects: the rejects file, or a part's spool of them. */
public interface RejectSink extends Closeable {

    void write(long line, String column, String reason, byte[] raw) throws IOException;
}
