package dev.sluice.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the pinned cfn-lint (requirements-test.txt) over every template Sluice ships. */
class TemplatesPassCfnLintTest {

    @Test
    void everyTemplatePassesCfnLint() throws Exception {
        List<Path> templates = Templates.all();
        assertThat(templates)
                .extracting(p -> p.getFileName().toString())
                .contains("infrastructure.yaml", "application.yaml", "bootstrap.yaml");

        List<String> command = new ArrayList<>();
        command.add(cfnLint().toString());
        templates.forEach(t -> command.add(t.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();

        assertThat(process.exitValue())
                .as("cfn-lint exit code; its findings:%n%s", output)
                .isZero();
    }

    private static Path cfnLint() {
        String configured = System.getProperty("sluice.cfn-lint", System.getenv("SLUICE_CFN_LINT"));
        Path lint =
                configured != null ? Path.of(configured) : Templates.repoRoot().resolve(".venv/bin/cfn-lint");
        assertThat(Files.isExecutable(lint))
                .as(
                        "cfn-lint not found at %s: run ./test.sh (it creates .venv from requirements-test.txt) "
                                + "or point -Dsluice.cfn-lint / SLUICE_CFN_LINT at a cfn-lint executable",
                        lint)
                .isTrue();
        return lint;
    }

    static final class Templates {
        static List<Path> all() throws IOException {
            try (Stream<Path> files = Files.list(directory())) {
                return files.filter(p -> p.toString().endsWith(".yaml"))
                        .sorted()
                        .toList();
            }
        }

        static Path directory() {
            return repoRoot().resolve("deploy-templates/src/main/resources/sluice/templates");
        }

        static Path repoRoot() {
            return Path.of(System.getProperty("sluice.repo.root", ".."))
                    .toAbsolutePath()
                    .normalize();
        }
    }
}
