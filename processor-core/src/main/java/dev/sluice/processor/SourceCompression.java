package dev.sluice.processor;

import java.util.Locale;

/**
 * How a source file is stored: as CSV text, or compressed. Found from the file's first bytes,
 * never from its name, so a misnamed file is read as what it is.
 */
public enum SourceCompression {
    NONE,
    GZIP,
    ZSTD,
    BZIP2;

    /** The name people know it by: {@code gzip}, {@code zstd}, {@code bzip2}, {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
