package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options for parquet-hadoop's reader that load no Hadoop class. Both public ways to build
 * them do ({@code ParquetReadOptions.Builder} reads its record filter through Hadoop's
 * {@code ParquetInputFormat} and makes Hadoop codecs), and Sluice loads no Hadoop: neither the CLI
 * nor the control plane has it on its class path. The constructor that takes every option is
 * package-private, hence this one class in parquet's package, checked by the compiler on every
 * parquet upgrade (not by reflection at run time), and by the control plane's tests, which run
 * without Hadoop as its jar does.
 */
public final class PlainReadOptions {

    /** parquet-java's default ({@code parquet.read.allocation.size}). */
    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

    private PlainReadOptions() {}

    /** Statistics, dictionary and column-index filtering as parquet's defaults; no record filter. */
    public static ParquetReadOptions with(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // signed min/max of strings
                true, // statistics filter
                true, // dictionary filter
                false, // record filter
                true, // column index filter
                false, // page checksums
                false, // bloom filter
                false, // off-heap decryption buffer
                false, // Hadoop vectored IO
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                MAX_ALLOCATION,
                Map.of(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
