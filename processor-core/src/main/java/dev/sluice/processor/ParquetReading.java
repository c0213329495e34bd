package dev.sluice.processor;

import dev.sluice.processor.internal.parquet.CodecFactory;
import org.apache.parquet.ParquetReadOptions;

/** How Sluice reads Parquet back: parquet-hadoop's reader without Hadoop, with Sluice's codecs. */
public final class ParquetReading {

    private ParquetReading() {}

    /**
     * Options for {@code ParquetFileReader.open} that load no Hadoop class and read pages compressed
     * with snappy, zstd, gzip or none; another codec fails the read naming it.
     */
    public static ParquetReadOptions options() {
        return CodecFactory.READ_OPTIONS;
    }
}
