package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.Corpora;
import dev.sluice.processor.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every csv-spectrum case: records keyed by the header, compared with the suite's JSON. Two
 * known faults of the suite's {@code location_coordinates.json} are corrected here, both open
 * upstream: it holds an object instead of an array (max-mapper/csv-spectrum#22), and a phone
 * number that is not the one in the CSV (max-mapper/csv-spectrum#20).
 */
class CsvSpectrumTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> expected(String name, Object json) {
        if (!name.equals("location_coordinates")) {
            return (List<Map<String, String>>) json;
        }
        Map<String, String> record = new LinkedHashMap<>((Map<String, String>) json);
        assertThat(record).containsEntry("Contact Phone Number", "1234567890");
        record.put("Contact Phone Number", "2095257564");
        return List.of(record);
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(Corpora.resolve("csv-spectrum/csvs"))) {
            List<String> names = files.map(p -> p.getFileName().toString().replace(".csv", ""))
                    .sorted()
                    .toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(12);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parsesLikeTheExpectedJson(String name) throws IOException {
        byte[] csv = Files.readAllBytes(Corpora.resolve("csv-spectrum/csvs/" + name + ".csv"));
        String json = Files.readString(Corpora.resolve("csv-spectrum/json/" + name + ".json"));
        List<Map<String, String>> expected = expected(name, Json.parse(json));

        for (int buffer : new int[] {1 << 20, 7}) {
            List<List<String>> records = Records.of(csv, ',', '"', false, buffer);
            List<String> header = records.get(0);
            List<Map<String, String>> actual = new ArrayList<>();
            for (List<String> record : records.subList(1, records.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), record.get(i));
                }
                actual.add(row);
            }
            assertThat(actual).as("%s with a %d byte buffer", name, buffer).isEqualTo(expected);
        }
    }
}
