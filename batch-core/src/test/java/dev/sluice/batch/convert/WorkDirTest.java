package dev.sluice.batch.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work directories of a process killed mid-task (SIGKILL, nothing of it runs) are removed by the
 * next process that makes one, and a living process's are left alone. Real child JVMs.
 */
class WorkDirTest {

    @TempDir
    Path tmp;

    /**
     * A task that made its work directory and copied a file into it, then holds it until killed
     * (its input stays open until then: reading it blocks).
     */
    static final class Child {
        public static void main(String[] args) throws Exception {
            WorkDir dir = WorkDir.create("sluice-file-");
            Files.writeString(dir.resolve("copy.csv"), "id\n1\n");
            System.out.println(dir.resolve("copy.csv"));
            System.out.flush();
            System.in.read();
        }
    }

    private record Running(Process process, Path copy) {}

    private Running child() throws IOException {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's work copy").isNotNull();
        return new Running(p, Path.of(line));
    }

    @Test
    void aKilledProcessesCopiesAreSweptAndALivingOnesStay() throws Exception {
        Running killed = child();
        Running living = child();
        try {
            killed.process().destroyForcibly();
            assertThat(killed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(killed.copy())
                    .as("nothing of a killed process cleans up")
                    .exists();

            assertThat(WorkDir.sweep(tmp)).isEqualTo(1);

            assertThat(killed.copy().getParent().getParent()).doesNotExist();
            assertThat(living.copy()).exists();
        } finally {
            living.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(WorkDir.sweep(tmp)).isEqualTo(1);
        assertThat(living.copy().getParent().getParent()).doesNotExist();
        try (var left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
