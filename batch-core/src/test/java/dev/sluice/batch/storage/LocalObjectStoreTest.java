package dev.sluice.batch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

    @TempDir
    Path tmp;

    @Test
    void aRangedReadWritesOnlyItsBytesAtTheirOffsetsAndStopsAtTheEndOfTheFile() throws Exception {
        byte[] content = new byte[1000];
        new Random(3).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.csv"), content);
        ObjectLocation at = ObjectLocation.parse(file.toUri().toString());
        LocalObjectStore store = new LocalObjectStore();
        Path sparse = tmp.resolve("sparse.csv");

        store.downloadRange(at, new ObjectVersion("", "", 1000), 100, 350, sparse);
        byte[] one = Files.readAllBytes(sparse);
        store.downloadRange(at, new ObjectVersion("", "", 1000), 900, 1200, sparse);
        byte[] two = Files.readAllBytes(sparse);
        store.downloadRange(at, new ObjectVersion("", "", 1000), 0, 100, sparse);
        store.downloadRange(at, new ObjectVersion("", "", 1000), 350, 900, sparse);

        assertThat(one).hasSize(350);
        assertThat(Arrays.copyOfRange(one, 0, 100)).isEqualTo(new byte[100]);
        assertThat(Arrays.copyOfRange(one, 100, 350)).isEqualTo(Arrays.copyOfRange(content, 100, 350));
        assertThat(two).hasSize(1000);
        assertThat(Arrays.copyOfRange(two, 350, 900)).isEqualTo(new byte[550]);
        assertThat(Arrays.copyOfRange(two, 900, 1000)).isEqualTo(Arrays.copyOfRange(content, 900, 1000));
        assertThat(Files.readAllBytes(sparse)).isEqualTo(content);
    }

    @Test
    void aRangedReadOfAFileOfAnotherSizeSaysItWasOverwritten() throws Exception {
        Path file = Files.write(tmp.resolve("a.csv"), new byte[10]);
        ObjectLocation at = ObjectLocation.parse(file.toUri().toString());

        assertThatThrownBy(() ->
                        new LocalObjectStore().downloadRange(at, new ObjectVersion("", "", 11), 0, 5, tmp.resolve("r")))
                .isInstanceOf(ObjectUnavailableException.class)
                .hasMessageContaining(at + " holds other bytes than arrived (11 bytes expected; now 10 bytes)");
    }
}
