package dev.sluice.processor;

import dev.sluice.processor.internal.parquet.ParquetRewriter;
import dev.sluice.processor.internal.parquet.ParquetRowWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rows of Parquet files that {@link CsvConversion} (or an earlier rewrite) wrote, written again
 * into one file: many small files of a batch become one of a useful size, or a file loses the rows
 * of one of its sources. Values are decoded and encoded again by the conversion's own writer, so
 * the result has the types, dictionaries, statistics and row groups of a conversion (not the tiny
 * row groups that appending the files' row groups would keep); {@code processed_at}, {@code
 * source_file} and {@code processing_job} are carried over row by row.
 */
public final class ParquetRewrite {

    /** The footer entry with the schema the file was written with (processor-core's JSON). */
    public static final String SCHEMA_KEY = "sluice.schema";

    private ParquetRewrite() {}

    /** Rows {@code [firstRow, firstRow + rows)} of {@code parquet}. */
    public record Range(Path parquet, long firstRow, long rows) {
        public Range {
            Objects.requireNonNull(parquet, "parquet");
            if (firstRow < 0 || rows < 0) {
                throw new IllegalArgumentException("rows " + firstRow + " +" + rows + " of " + parquet);
            }
        }
    }

    /**
     * Writes {@code ranges} in order into {@code target} (written beside it, then moved into place),
     * with {@code schema}, which every range's file must have been written with, and {@code
     * metadata} in the footer besides the schema.
     *
     * @return the rows written
     * @throws IllegalArgumentException naming the file when one was written with another schema or
     *     has fewer rows than a range asks for
     */
    public static long write(Schema schema, List<Range> ranges, Path target, Map<String, String> metadata) {
        Path temp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".sluice-tmp");
        Map<String, String> footer = new LinkedHashMap<>();
        footer.put(SCHEMA_KEY, schema.toJson());
        footer.putAll(metadata);
        try {
            long rows = ParquetRewriter.rewrite(
                    schema,
                    ranges.stream()
                            .map(r -> new ParquetRewriter.Range(r.parquet(), r.firstRow(), r.rows()))
                            .toList(),
                    temp,
                    footer,
                    new ParquetRowWriter.Options(
                            Compression.SNAPPY,
                            CsvConversion.DEFAULT_ROW_GROUP_BYTES,
                            CsvConversion.DEFAULT_PAGE_BYTES,
                            CsvConversion.DEFAULT_PAGE_BYTES,
                            Set.of()));
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a leftover temporary file is harmless and named as such
            }
        }
    }

    /** The key-value metadata of a Parquet file's footer. */
    public static Map<String, String> metadata(Path parquet) {
        try {
            return ParquetRewriter.metadata(parquet);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + parquet + ": " + e.getMessage(), e);
        }
    }

    /** The schema a Sluice Parquet file was written with. */
    public static Schema schema(Path parquet) {
        String json = metadata(parquet).get(SCHEMA_KEY);
        if (json == null) {
            throw new IllegalArgumentException(parquet + " has no " + SCHEMA_KEY + " in its footer");
        }
        return Schema.fromJson(json);
    }
}
