package dev.sluice.manifest;

import java.util.Locale;
import java.util.Objects;

/**
 * How a run's rows reach its table: the pipeline's output settings, carried by the manifest so that
 * every attempt of a run, on Glue or embedded, publishes by the same rules.
 *
 * @param format the table format
 * @param targetFileSize about how many bytes each Parquet data file of a run holds (parquet format)
 * @param schemaMode what a batch whose schema differs from the table's may do
 * @param onNewVersion what becomes of the rows of an earlier version when a key comes again
 */
public record TableOutput(Format format, long targetFileSize, SchemaMode schemaMode, OnNewVersion onNewVersion) {

    public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

    /** Today's Hive-style Parquet table, schemas evolving, new versions added beside the old. */
    public static final TableOutput DEFAULT =
            new TableOutput(Format.PARQUET, DEFAULT_TARGET_FILE_SIZE, SchemaMode.EVOLVE, OnNewVersion.APPEND);

    public TableOutput {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schemaMode, "schemaMode");
        Objects.requireNonNull(onNewVersion, "onNewVersion");
        if (targetFileSize <= 0) {
            throw new IllegalArgumentException("targetFileSize must be positive, was " + targetFileSize);
        }
    }

    /** {@code parquet}: Parquet files in Hive-style partitions; {@code iceberg}: an Apache Iceberg table. */
    public enum Format {
        PARQUET,
        ICEBERG;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code evolve}: new columns are added and safe widening applied, conflicts fail the run;
     * {@code freeze}: any change of the table's columns or types fails the run; {@code quarantine}: a
     * file whose schema conflicts with the table is set aside while the rest is published.
     */
    public enum SchemaMode {
        EVOLVE,
        FREEZE,
        QUARANTINE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code replace}: a key loaded again with other content replaces its earlier rows; {@code
     * append}: the new version's rows are added beside the earlier ones.
     */
    public enum OnNewVersion {
        REPLACE,
        APPEND;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, E absent, String field) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }
}
