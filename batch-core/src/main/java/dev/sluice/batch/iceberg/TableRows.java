package dev.sluice.batch.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema));
        String mapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
        if (mapping != null) {
            file.withNameMapping(NameMappingParser.fromJson(mapping));
        }
        return deletes.filter(file.build());
    }
}
