package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet written by another writer (DuckDB) read back through Sluice's read options. */
class ParquetReadingTest {

    @TempDir
    Path dir;

    @Test
    void gzipPagesAreReadAndTheirRowsCounted() throws Exception {
        Path file = written("gzip");

        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetReading.options())) {
            long rows = 0;
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                rows += group.getRowCount();
                var column = reader.getFooter()
                        .getFileMetaData()
                        .getSchema()
                        .getColumns()
                        .get(1);
                assertThat(group.getPageReader(column).readPage().getUncompressedSize())
                        .isPositive();
            }
            assertThat(rows).isEqualTo(1000);
        }
    }

    @Test
    void aCodecSluiceCannotReadIsNamed() throws Exception {
        Path file = written("lz4_raw");

        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetReading.options())) {
            assertThatThrownBy(reader::readNextRowGroup)
                    .hasStackTraceContaining("pages compressed with LZ4_RAW cannot be read here");
        }
    }

    private Path written(String codec) throws Exception {
        Path file = dir.resolve(codec + ".parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT i AS id, 'row ' || i AS name FROM range(1000) t(i)) TO '"
                    + DuckDb.sqlPath(file) + "' (FORMAT parquet, COMPRESSION " + codec + ")");
        }
        return file;
    }
}
