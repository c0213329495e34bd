package dev.sluice.processor.internal.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.DateOrder;
import dev.sluice.processor.internal.text.NumberSyntax;
import dev.sluice.processor.internal.text.TemporalSyntax;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnInferenceTest {

    static ColumnInference of(String... values) {
        ColumnInference inference = new ColumnInference(new NumberSyntax(), new TemporalSyntax());
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            inference.accept(b, 0, b.length);
        }
        return inference;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "true;false;TRUE;False | BOOLEAN",
                "1;-2;+3;2147483647 | INT",
                "1;2147483648 | BIGINT",
                "-9223372036854775808;9223372036854775807 | BIGINT",
                "1;9223372036854775808 | DECIMAL(19,0)",
                "12.30;1999.99 | DECIMAL(6,2)",
                "0.5;-0.25 | DECIMAL(2,2)",
                "1;2.5 | DECIMAL(2,1)",
                "1.5e3;2 | DOUBLE",
                "NaN;1.5 | DOUBLE",
                "Infinity;-inf;0.1 | DOUBLE",
                "1.23456789012345678;1e3 | STRING",
                "007;8 | STRING",
                "1,5;2 | STRING",
                "$12.30 | STRING",
                "2024-01-31;2024-02-29 | DATE",
                "2023-02-29 | STRING",
                "2024/01/31 | DATE",
                "31.01.2024 | DATE",
                "2024-01-31T10:15:30Z;2024-01-31 | TIMESTAMP(3)",
                "2024-01-31 10:15;2024-01-31T10:15:30.123+02:00 | TIMESTAMP(3)",
                "2024-01-31T10:15:30.123456 | TIMESTAMP(6)",
                "2024-01-31T10:15:30.123000 | TIMESTAMP(3)",
                "2024-01-31T10:15:30.123456789 | STRING",
                "1/5/2024 3:04:05 PM | STRING",
                "13/5/2024 | DATE",
                "5/13/2024 | DATE",
                "5/13/2024;13/5/2024 | STRING",
                "1/5/2024;2/6/2024 | STRING",
                "31/04/2024 | STRING",
                "hello;1 | STRING",
                "tru | STRING"
            })
    void infersTheNarrowestTypeThatKeepsEveryValue(String values, String type) {
        assertThat(of(values.trim().split(";")).type()).hasToString(type);
    }

    @Test
    void decidesTheDayMonthOrderFromTheData() {
        assertThat(of("01/02/2024", "13/02/2024").slashDateOrder()).isEqualTo(DateOrder.DAY_FIRST);
        assertThat(of("01/02/2024", "02/13/2024").slashDateOrder()).isEqualTo(DateOrder.MONTH_FIRST);
        assertThat(of("01/02/2024", "02/03/2024").type()).isEqualTo(ColumnType.STRING);
        assertThat(of("2024-01-02").slashDateOrder()).isEqualTo(DateOrder.NONE);
    }

    @Test
    void readsTwelveHourClocks() {
        assertThat(of("13/5/2024 3:04:05 PM", "14/5/2024 12:00 AM").type()).isEqualTo(ColumnType.TIMESTAMP_MILLIS);
    }

    @Test
    void aColumnWithoutValuesIsStringAndCountsItsNulls() {
        ColumnInference inference = of();
        inference.acceptNull();
        inference.acceptNull();
        assertThat(inference.type()).isEqualTo(ColumnType.STRING);
        assertThat(inference.nullCount()).isEqualTo(2);
        assertThat(inference.example()).isNull();
    }

    @Test
    void mergingEqualsSeeingAllValues() {
        ColumnInference a = of("1", "2");
        a.merge(of("2.50"));
        assertThat(a.type()).isEqualTo(ColumnType.decimal(3, 2));
        ColumnInference b = of("13/01/2024");
        b.merge(of());
        assertThat(b.type()).isEqualTo(ColumnType.DATE);
        assertThat(b.slashDateOrder()).isEqualTo(DateOrder.DAY_FIRST);
        ColumnInference c = of();
        c.merge(of("true"));
        assertThat(c.type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(c.example()).isEqualTo("true");
    }
}
