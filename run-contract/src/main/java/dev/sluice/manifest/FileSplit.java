package dev.sluice.manifest;

/**
 * When the batch engine spreads one large file over several tasks: a plain (uncompressed) CSV file
 * larger than {@code splitAbove} bytes is converted as ranges of about {@code rangeSize} bytes, each
 * a task of its own. {@code splitAbove} 0 means never, which is what a manifest of an older control
 * plane (without the field) meant.
 */
public record FileSplit(long splitAbove, long rangeSize) {

    public static final long DEFAULT_RANGE_SIZE = 128L * 1024 * 1024;

    /** Every file is one task. */
    public static final FileSplit OFF = new FileSplit(0, DEFAULT_RANGE_SIZE);

    public FileSplit {
        if (splitAbove < 0) {
            throw new IllegalArgumentException("splitAbove must be 0 (never) or positive, was " + splitAbove);
        }
        if (rangeSize <= 0) {
            throw new IllegalArgumentException("rangeSize must be positive, was " + rangeSize);
        }
    }

    /** Whether a file of this many bytes is converted as ranges. */
    public boolean splits(long size) {
        return splitAbove > 0 && size > splitAbove;
    }
}
