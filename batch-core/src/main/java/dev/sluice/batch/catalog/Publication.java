package dev.sluice.batch.catalog;

import dev.sluice.manifest.RunReport.CatalogChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one attempt of a run publishes: the data files it wrote (each the rows of one source file),
 * and the source files whose earlier rows its files replace.
 *
 * @param processedAt the {@code processed_at} of every row the attempt wrote
 * @param replaceKeys {@code source_file} values whose rows of earlier runs go in the same commit:
 *     every published key when a new version replaces the old, and the reprocessed ones
 */
public record Publication(long runId, int attempt, Instant processedAt, List<DataFile> files, Set<String> replaceKeys) {

    public Publication {
        Objects.requireNonNull(processedAt, "processedAt");
        files = List.copyOf(files);
        replaceKeys = Set.copyOf(replaceKeys);
    }

    /** A Parquet file written by the run: the rows of the source file {@code sourceFile}. */
    public record DataFile(String uri, String sourceFile, long rows) {
        public DataFile {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(sourceFile, "sourceFile");
        }
    }

    /**
     * A run found committed by an earlier attempt: the change it made, and the data files (URI to
     * rows) its snapshot added.
     */
    public record Committed(CatalogChange change, Map<String, Long> files) {
        public Committed {
            Objects.requireNonNull(change, "change");
            files = Map.copyOf(files);
        }
    }
}
