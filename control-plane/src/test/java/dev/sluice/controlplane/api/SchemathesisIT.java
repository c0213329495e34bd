package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.testsupport.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis (pinned in requirements-test.txt) against the OpenAPI document of the running
 * instance, as an ADMIN: generated and mutated requests for every operation, stateful sequences
 * included. No answer may be a 5xx, and every answer must match its documented status, media
 * type, headers and schema. Bounded by examples per operation and a deadline.
 */
class SchemathesisIT extends ApiTestApp {

    private static final Path REPORTS = Path.of("target", "schemathesis").toAbsolutePath();
    private static final long DEADLINE_SECONDS = 300;

    @Test
    void everyOperationAnswersAsDocumentedAndNeverWithAServerError() throws IOException, InterruptedException {
        Path schemathesis = RepoRoot.path().resolve(".venv/bin/schemathesis");
        assertThat(schemathesis)
                .as("schemathesis from requirements-test.txt; ./test.sh creates .venv with it")
                .isExecutable();
        Files.createDirectories(REPORTS);
        Path output = REPORTS.resolve("output.txt");

        Process run = new ProcessBuilder(List.of(
                        schemathesis.toString(),
                        "run",
                        "http://127.0.0.1:" + port + "/v3/api-docs",
                        "--header",
                        "Authorization: Bearer " + ADMIN_TOKEN,
                        "--checks",
                        "not_a_server_error,status_code_conformance,content_type_conformance,"
                                + "response_headers_conformance,response_schema_conformance",
                        "--max-examples",
                        "10",
                        "--workers",
                        "1",
                        "--request-timeout",
                        "20",
                        "--seed",
                        "20261125",
                        "--no-color",
                        "--report",
                        "junit",
                        "--report-dir",
                        REPORTS.toString()))
                .directory(REPORTS.toFile()) // its example database goes there, not into the sources
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = run.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            run.destroyForcibly();
        }

        String report = Files.readString(output);
        assertThat(finished)
                .as("schemathesis finished within %d s:%n%s", DEADLINE_SECONDS, tail(report))
                .isTrue();
        assertThat(run.exitValue())
                .as("schemathesis found failures:%n%s", tail(report))
                .isZero();
        assertThat(report).contains("passed").doesNotContain(" failed");
    }

    private static String tail(String text) {
        return text.length() <= 20_000 ? text : text.substring(text.length() - 20_000);
    }
}
