package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectReader;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.processor.ParquetReading;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet object read with parquet-hadoop's reader through the store's ranged reads, so that
 * what is read (the footer, the pages asked for) is all that is fetched, from S3 as from disk.
 * {@link ParquetReading}'s options: parquet's own builders would go through Hadoop's configuration
 * and codecs, which a read of a few pages does not need.
 */
final class StoredParquet implements InputFile {

    /** Parquet reads its footer and pages in exact ranges; small reads between fetch no more. */
    private static final int READ_AHEAD = 64 << 10;

    private final ObjectStore store;
    private final Location location;
    private final long size;

    StoredParquet(ObjectStore store, Location location, long size) {
        this.store = store;
        this.location = location;
        this.size = size;
    }

    Location location() {
        return location;
    }

    /** Reads the footer; the caller closes the reader. */
    ParquetFileReader open() throws IOException {
        return ParquetFileReader.open(this, ParquetReading.options());
    }

    /**
     * The nulls in each column, summed over the row groups' column statistics in the footer (the
     * footer is all that is read); a column whose statistics do not count nulls is left out.
     */
    Map<String, Long> nullCounts() throws IOException {
        Map<String, Long> nulls = new LinkedHashMap<>();
        Set<String> uncounted = new HashSet<>();
        try (ParquetFileReader reader = open()) {
            for (BlockMetaData group : reader.getRowGroups()) {
                for (ColumnChunkMetaData chunk : group.getColumns()) {
                    String column = chunk.getPath().toDotString();
                    Statistics<?> stats = chunk.getStatistics();
                    if (stats == null || !stats.isNumNullsSet()) {
                        uncounted.add(column);
                    } else {
                        nulls.merge(column, stats.getNumNulls(), Long::sum);
                    }
                }
            }
        }
        uncounted.forEach(nulls::remove);
        return nulls;
    }

    @Override
    public long getLength() {
        return size;
    }

    @Override
    public SeekableInputStream newStream() {
        ObjectReader reader = new ObjectReader(store, location, size, READ_AHEAD);
        return new DelegatingSeekableInputStream(reader) {
            @Override
            public long getPos() {
                return reader.position();
            }

            @Override
            public void seek(long newPos) {
                reader.seek(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return store.uri(location);
    }
}
