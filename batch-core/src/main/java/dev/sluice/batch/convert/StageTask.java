package dev.sluice.batch.convert;

import java.io.Serializable;

/**
 * One task of a run's first conversion: a whole file, or one byte range of a large one ({@link
 * SplitFile.Range}).
 */
public record StageTask(FileTask file, SplitFile.Range range) implements Serializable {

    /** What the task did: the whole file's outcome, or the range's. */
    public record Done(int index, FileOutcome file, SplitFile.RangeOutcome range) implements Serializable {}

    public Done run() {
        return range == null
                ? new Done(file.index(), file.convertStaged(), null)
                : new Done(file.index(), null, range.convert());
    }

    public long size() {
        return range == null ? file.size() : range.size();
    }
}
