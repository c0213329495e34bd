package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.storage.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The batching rules alone: which pending files make a batch, and when the batch closes. */
class BatcherRulesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final PipelineSettings.Batch LIMITS = new PipelineSettings.Batch(
            3, DataSize.ofBytes(1000), Duration.ofSeconds(60), DataSize.ofBytes(0), DataSize.ofMegabytes(128));

    @Test
    void aBatchTakesTheOldestFilesUpToTheFileLimit() {
        List<RecordedFile> pending = files(10, 10, 10, 10);

        assertThat(Batcher.fill(pending, LIMITS)).extracting(RecordedFile::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aBatchStopsBeforeTheFileThatWouldPassTheByteLimit() {
        List<RecordedFile> pending = files(400, 500, 200);

        assertThat(Batcher.fill(pending, LIMITS)).extracting(RecordedFile::id).containsExactly(1L, 2L);
    }

    @Test
    void aFileLargerThanTheByteLimitStillMakesABatchOfItsOwn() {
        List<RecordedFile> pending = files(5000, 10);

        assertThat(Batcher.fill(pending, LIMITS)).extracting(RecordedFile::id).containsExactly(1L);
    }

    @Test
    void aFreshPartialBatchWaitsAndCloses() {
        List<RecordedFile> fresh = files(NOW.minusSeconds(10), 10, 10);
        assertThat(Batcher.closes(fresh, fresh, LIMITS, NOW))
                .as("young, not full")
                .isFalse();

        List<RecordedFile> old = files(NOW.minusSeconds(60), 10, 10);
        assertThat(Batcher.closes(old, old, LIMITS, NOW))
                .as("its oldest file waited max-wait")
                .isTrue();
    }

    @Test
    void aFullBatchClosesAtOnce() {
        List<RecordedFile> byCount = files(NOW, 10, 10, 10);
        assertThat(Batcher.closes(byCount, byCount, LIMITS, NOW))
                .as("max files")
                .isTrue();

        List<RecordedFile> byBytes = files(NOW, 600, 400);
        assertThat(Batcher.closes(byBytes, byBytes, LIMITS, NOW))
                .as("max bytes")
                .isTrue();

        List<RecordedFile> pending = files(NOW, 600, 500);
        List<RecordedFile> batch = Batcher.fill(pending, LIMITS);
        assertThat(Batcher.closes(batch, pending, LIMITS, NOW))
                .as("more is pending than fits")
                .isTrue();
    }

    private static List<RecordedFile> files(long... sizes) {
        return files(NOW, sizes);
    }

    private static List<RecordedFile> files(Instant received, long... sizes) {
        return LongStream.range(0, sizes.length)
                .mapToObj(i -> new RecordedFile(
                        i + 1,
                        "p",
                        "in",
                        "f" + i + ".csv",
                        "v" + i,
                        "e" + i,
                        sizes[(int) i],
                        FileStatus.PENDING,
                        null,
                        null,
                        received,
                        "",
                        null,
                        new Location("in", "f" + i + ".csv")))
                .toList();
    }
}
