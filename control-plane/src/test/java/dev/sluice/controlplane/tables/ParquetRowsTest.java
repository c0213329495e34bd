package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.processor.CsvConversion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview's reads of Parquet that processor-core wrote, through a store that counts what it fetches. */
class ParquetRowsTest {

    @TempDir
    Path dir;

    @Test
    void theFirstRowsOfALargeFileFetchItsFooterAndFirstPagesNotTheFile() throws IOException {
        Path csv = dir.resolve("in/big.csv");
        Files.createDirectories(csv.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,text,amount\n");
            for (int i = 0; i < 200_000; i++) {
                w.write(i + ",row " + i + " with some text that differs " + (i * 7919L) + "," + (i % 1000) + ".25\n");
            }
        }
        Location at = new Location("out", "big.parquet");
        LocalObjectStore local = new LocalObjectStore(dir.resolve("store"), false);
        Path parquet = local.pathOf(at);
        Files.createDirectories(parquet.getParent());
        CsvConversion.builder().pageBytes(64 << 10).build().convert(csv, parquet);
        long size = Files.size(parquet);
        CountingStore store = new CountingStore(local);

        ParquetRows.Read read = ParquetRows.read(new StoredParquet(store, at, size), 50, 100);

        assertThat(read.rows()).hasSize(50);
        assertThat(read.rowsInFile()).isEqualTo(200_000);
        assertThat(read.rows().get(49).get(0)).isEqualTo("49");
        assertThat(read.rows().get(3).get(1)).isEqualTo("row 3 with some text that differs 23757");
        assertThat(read.rows().get(3).get(2)).isEqualTo("3.25");
        assertThat(size).isGreaterThan(2L << 20);
        assertThat(store.fetched()).as("bytes fetched of a %d-byte file", size).isLessThan(size / 10);
    }

    @Test
    void columnsOverTheCapAreLeftOutAndCounted() throws IOException {
        Path csv = dir.resolve("wide.csv");
        Files.writeString(csv, "a,b,c,d,e\n1,2,3,4,5\n");
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"), false);
        Location at = new Location("out", "wide.parquet");
        Files.createDirectories(store.pathOf(at).getParent());
        CsvConversion.builder().build().convert(csv, store.pathOf(at));

        ParquetRows.Read read = ParquetRows.read(new StoredParquet(store, at, Files.size(store.pathOf(at))), 10, 2);

        assertThat(read.columns()).extracting(ParquetRows.Column::name).containsExactly("a", "b");
        assertThat(read.columnsTotal()).isEqualTo(8); // five of the file's, three of Sluice's
        assertThat(read.rows()).containsExactly(java.util.List.of("1", "2"));
        assertThat(new StoredParquet(store, at, Files.size(store.pathOf(at))).nullCounts())
                .containsEntry("a", 0L)
                .containsEntry("e", 0L);
    }
}
