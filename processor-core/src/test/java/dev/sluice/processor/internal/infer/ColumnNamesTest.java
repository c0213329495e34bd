package dev.sluice.processor.internal.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {

    @Test
    void makesNamesAthenaCompatible() {
        assertThat(ColumnNames.assign(List.of(
                        "Order ID", " Amount ($) ", "Café Crème", "2023 Sales", "", "_id", "a - b", "UPPER_case")))
                .containsExactly(
                        "order_id", "amount", "cafe_creme", "col_2023_sales", "col_5", "_id", "a_b", "upper_case");
    }

    @Test
    void suffixesDuplicatesAndMetadataClashes() {
        assertThat(ColumnNames.assign(List.of("name", "Name", "NAME", "processed_at", "source file", "name_2")))
                .containsExactly("name", "name_2", "name_3", "processed_at_2", "source_file_2", "name_2_2");
    }

    @Test
    void keepsNamesWithin255Characters() {
        String longName = "x".repeat(300);
        List<String> names = ColumnNames.assign(List.of(longName, longName));
        assertThat(names.get(0)).hasSize(255);
        assertThat(names.get(1)).hasSize(255).endsWith("_2");
    }

    @Test
    void namesEmptyOrSymbolOnlyHeadersByPosition() {
        assertThat(ColumnNames.assign(List.of("a", "***", "", "b"))).containsExactly("a", "col_2", "col_3", "b");
    }
}
