package dev.sluice.batch.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;

/**
 * The rows of a Sluice Iceberg table as Iceberg's generic records, deletes applied. Iceberg 1.7.1's
 * {@code IcebergGenerics} reader ignores the table's name mapping and gives files without field ids
 * ids by column position, which misreads a file whose columns are in another order than the table's
 * (a file written before a column was added in the middle of a batch); this reads each file through
 * Iceberg's Parquet reader with the mapping, as Iceberg's Spark reader does.
 */
public final class TableRows {

    private TableRows() {}

    /** Every row of the table at a snapshot, in the table's current schema. */
    public static CloseableIterable<Record> read(Table table, long snapshotId) {
        List<CloseableIterable<Record>> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(snapshotId).planFiles()) {
            for (FileScanTask task : tasks) {
                files.add(read(table, task));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("table " + table.name() + ": cannot list its files", e);
        }
        return CloseableIterable.concat(files);
    }

    /** The rows of one data file, its deletes applied. */
    static CloseableIterable<Record> read(Table table, FileScanTask task) {
        Schema schema = table.schema();
        GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, schema, schema);
        Schema read = deletes.requiredSchema();
        Parquet.ReadBuilder file = Parquet.read(
                        table.io().newInputFile(task.file().location()))
                .project(read)
                .split(task.start(), task.length())
                .createReaderFunc(genericReader(read));
        String mapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
        if (mapping != null) {
            file.withNameMapping(NameMappingParser.fromJson(mapping));
        }
        return deletes.filter(file.build());
    }

    /**
     * Iceberg's generic reader for the file schema Iceberg passes. On Glue, Iceberg's Parquet is
     * relocated inside its runtime jar and the job jar relocates its own, so code here must not name
     * Parquet's {@code MessageType}: a lambda typed on it fails there with a ClassCastException. The
     * function takes the file schema as an object and hands it to {@code buildReader} reflectively.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function genericReader(Schema read) {
        Function<Object, Object> reader = fileSchema -> {
            try {
                return BUILD_READER.invoke(null, read, fileSchema);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Iceberg's GenericParquetReaders.buildReader is not callable", e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        };
        return reader;
    }

    /** {@code GenericParquetReaders.buildReader(Schema, MessageType)}, whichever MessageType it names. */
    private static final Method BUILD_READER = Arrays.stream(GenericParquetReaders.class.getMethods())
            .filter(m -> m.getName().equals("buildReader")
                    && m.getParameterCount() == 2
                    && m.getParameterTypes()[0] == Schema.class)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(
                    "Iceberg's GenericParquetReaders has no buildReader(Schema, MessageType)"));
}
