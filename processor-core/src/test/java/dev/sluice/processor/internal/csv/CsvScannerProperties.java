package dev.sluice.processor.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Records written with RFC 4180 quoting come back field for field, whatever the buffer size. */
class CsvScannerProperties {

    @Provide
    Arbitrary<List<List<String>>> records() {
        Arbitrary<String> field = Arbitraries.strings()
                .withChars("abcdefghij0123456789 ,;\"\r\n\té€ß")
                .ofMaxLength(30);
        // a record of one empty field is a blank line, which Sluice skips
        return field.list().ofMinSize(2).ofMaxSize(6).list().ofMaxSize(30);
    }

    @Property(tries = 200)
    void readsBackWhatWasWritten(
            @ForAll("records") List<List<String>> records,
            @ForAll @IntRange(min = 4, max = 200) int buffer,
            @ForAll boolean crlf) {
        StringBuilder csv = new StringBuilder();
        for (List<String> record : records) {
            for (int i = 0; i < record.size(); i++) {
                String v = record.get(i);
                boolean quote = v.isEmpty() || v.matches("(?s).*[,\"\r\n].*");
                csv.append(i == 0 ? "" : ",").append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
            }
            csv.append(crlf ? "\r\n" : "\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Records.of(bytes, ',', '"', false, buffer)).isEqualTo(records);
    }
}
