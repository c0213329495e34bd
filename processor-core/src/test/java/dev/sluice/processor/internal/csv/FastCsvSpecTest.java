package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.Corpora;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * FastCSV's RFC 4180 conformance checks. Sluice skips blank lines always, so checks run as with
 * FastCSV's {@code skipEmptyLines}: records of one empty field are left out of both sides unless
 * the file asks for skipping itself. Comment handling is not a Sluice feature: those files are
 * left out, except {@code commentMode: NONE} (a {@code #} is data).
 */
class FastCsvSpecTest {

    /**
     * Skipped, with where the files are read from, when they are absent: without it the
     * parameterized checks below would only vanish from the report (no arguments, no tests).
     */
    @Test
    void conformanceFilesArePresent() {
        assertThat(Corpora.fastCsvSpec("spec")).isDirectoryContaining("glob:**.yaml");
    }

    static Stream<Arguments> checks() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Corpora.fastCsvSpec("spec"))) {
            for (Path file : files.sorted().toList()) {
                Map<String, Object> spec;
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    spec = new Yaml().load(r);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) spec.getOrDefault("settings", Map.of());
                Object commentMode = settings.get("commentMode");
                if (commentMode != null && !"NONE".equals(commentMode)) {
                    continue;
                }
                boolean skipEmpty = Boolean.TRUE.equals(settings.get("skipEmptyLines"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> checks = (List<Map<String, Object>>) spec.get("checks");
                for (Map<String, Object> check : checks) {
                    String input = (String) check.get("input");
                    @SuppressWarnings("unchecked")
                    List<List<String>> records = (List<List<String>>) check.get("records");
                    for (String eol : input.contains("⏎") ? List.of("\r", "\n", "\r\n") : List.of("\n")) {
                        out.add(Arguments.of(
                                check.get("id") + (input.contains("⏎") ? " " + visible(eol) : ""),
                                decode(input, eol),
                                records.stream()
                                        .map(r -> r.stream()
                                                .map(v -> decode(v, eol))
                                                .toList())
                                        .toList(),
                                skipEmpty));
                    }
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(30);
        return out.stream();
    }

    private static String decode(String s, String eol) {
        return s.replace("␍", "\r")
                .replace("␊", "\n")
                .replace("␤", "\r\n")
                .replace("⏎", eol)
                .replace("␠", " ");
    }

    private static String visible(String eol) {
        return eol.replace("\r", "CR").replace("\n", "LF");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void parsesAsSpecified(String id, String input, List<List<String>> expected, boolean skipEmpty) {
        List<List<String>> actual = Records.of(input);
        if (!skipEmpty) {
            expected = withoutEmptyRecords(expected);
            actual = withoutEmptyRecords(actual);
        }
        assertThat(actual).as(id).isEqualTo(expected);
    }

    private static List<List<String>> withoutEmptyRecords(List<List<String>> records) {
        return records.stream().filter(r -> !r.equals(List.of(""))).toList();
    }
}
