package dev.sluice.processor;

/** Parquet page compression. */
public enum Compression {
    SNAPPY,
    ZSTD,
    UNCOMPRESSED
}
