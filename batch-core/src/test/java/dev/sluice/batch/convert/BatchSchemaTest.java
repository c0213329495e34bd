package dev.sluice.batch.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSchemaTest {

    @TempDir
    Path dir;

    private final List<Path> files = new ArrayList<>();

    private FileTask task(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        files.add(file);
        int index = files.size() - 1;
        ObjectLocation out = ObjectLocation.of(dir.resolve("out"), true);
        return new FileTask(
                index,
                index,
                file.toUri().toString(),
                file.toUri().toString(),
                Files.size(file),
                ObjectVersion.current(),
                ObjectStores.local(),
                out.resolve(index + ".parquet"),
                out.resolve(index + ".csv"),
                out.resolve("staged/" + index + "/"),
                "job",
                0,
                1);
    }

    private static Map<Integer, FileTask> byIndex(List<FileTask> tasks) {
        return tasks.stream().collect(Collectors.toMap(FileTask::index, Function.identity()));
    }

    private Schema processorCoreBatchSchema() {
        return CsvConversion.builder().build().inferSchema(files);
    }

    @Test
    void filesThatAgreeGiveTheirSchemaWhichIsProcessorCoresBatchSchema() throws IOException {
        List<FileTask> tasks = List.of(
                task("a.csv", "id,amount,day\n1,2.50,2024-01-31\n2,3.25,2024-02-01\n"),
                task("b.csv", "id,amount,day\n3,1.75,2024-03-01\n"));
        List<FileOutcome> outcomes = tasks.stream().map(FileTask::convertStaged).toList();
        assertThat(outcomes.stream().map(FileOutcome::schemaJson).distinct()).hasSize(1);

        assertThat(BatchSchema.infer(outcomes, byIndex(tasks))).contains(processorCoreBatchSchema());
    }

    @Test
    void filesThatDisagreeGetProcessorCoresBatchInference() throws IOException {
        List<FileTask> tasks = List.of(
                task("a.csv", "id,amount,day\n1,2.5,01/02/2024\n"),
                task("b.csv", "id,amount,extra\n3000000000,10.75,x\n"),
                task("c.csv", "id,day\n4,13/02/2024\n"));
        List<FileOutcome> outcomes = tasks.stream().map(FileTask::convertStaged).toList();
        assertThat(outcomes.stream().map(FileOutcome::schemaJson).distinct()).hasSize(3);

        Schema batch = BatchSchema.infer(outcomes, byIndex(tasks)).orElseThrow();

        assertThat(batch).isEqualTo(processorCoreBatchSchema());
        assertThat(batch.names()).containsExactly("id", "amount", "day", "extra");
        // the schema travels to the executors as JSON
        assertThat(Schema.fromJson(batch.toJson())).isEqualTo(batch);
    }

    @Test
    void filesThatFailOnTheirOwnAreLeftOutAndNamed() throws IOException {
        FileTask good = task("good.csv", "id\n1\n");
        FileTask empty = task("empty.csv", "\n\n");
        List<FileOutcome> outcomes = List.of(good.convertStaged(), empty.convertStaged());

        assertThat(outcomes.get(1).ok()).isFalse();
        assertThat(outcomes.get(1).error()).startsWith(empty.uri() + ": ").doesNotContain("sluice-file-");
        assertThat(BatchSchema.infer(outcomes, byIndex(List.of(good, empty))))
                .contains(Schema.fromJson(good.convertStaged().schemaJson()));
        assertThat(BatchSchema.infer(List.of(outcomes.get(1)), byIndex(List.of(good, empty))))
                .isEmpty();
    }

    @Test
    void filesRepeatingAHeaderNameConvertWithTheBatchSchema() throws IOException {
        List<FileTask> tasks = List.of(task("r.csv", "a,a,b\n1,x,2\n"), task("w.csv", "a,a,b\n1,x,2.5\n"));
        List<FileOutcome> outcomes = tasks.stream().map(FileTask::convertStaged).toList();
        Schema batch = BatchSchema.infer(outcomes, byIndex(tasks)).orElseThrow();
        assertThat(batch).isEqualTo(processorCoreBatchSchema());

        FileOutcome again = tasks.get(0).convertFinal(batch.toJson());

        assertThat(again.error()).isEmpty();
        assertThat(again.rowsWritten()).isEqualTo(1);
        assertThat(Schema.fromJson(again.schemaJson())).isEqualTo(batch);
        assertThat(batch.names()).containsExactly("a", "a_2", "b");
    }
}
