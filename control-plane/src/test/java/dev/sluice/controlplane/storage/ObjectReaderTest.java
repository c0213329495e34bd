package dev.sluice.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectReaderTest {

    @TempDir
    Path root;

    @Test
    void readsAcrossChunksFromAnyPositionAndStopsAtTheEnd() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        Location location = new Location("out", "big.bin");
        byte[] content = new byte[ObjectReader.CHUNK * 2 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        store.put(location, content);
        assertThat(store.size(location)).contains((long) content.length);
        assertThat(store.size(new Location("out", "missing"))).isEmpty();

        ObjectReader reader = new ObjectReader(store, location, content.length);
        reader.seek(ObjectReader.CHUNK - 5);
        byte[] across = reader.readNBytes(10);
        assertThat(across).isEqualTo(Arrays.copyOfRange(content, ObjectReader.CHUNK - 5, ObjectReader.CHUNK + 5));
        reader.seek(content.length - 3);
        assertThat(reader.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 3, content.length));
        assertThat(reader.read()).isEqualTo(-1);
        assertThat(store.readRange(location, content.length, 10)).isEmpty();
    }
}
