package dev.sluice.batch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.DateOrder;
import dev.sluice.processor.Schema;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablePlannerTest {

    static CatalogTable table(String... columnsAndTypes) {
        var columns = new java.util.ArrayList<CatalogTable.CatalogColumn>();
        for (int i = 0; i < columnsAndTypes.length; i += 2) {
            columns.add(new CatalogTable.CatalogColumn(columnsAndTypes[i], columnsAndTypes[i + 1], ""));
        }
        return new CatalogTable(columns, java.util.List.of("ingest_date"));
    }

    static Schema schema(Column... columns) {
        return Schema.of(columns);
    }

    static Column col(String name, ColumnType type) {
        return new Column(name, name, type);
    }

    @Test
    void aNewTableTakesTheBatchAsItIs() {
        Schema batch = schema(col("id", ColumnType.INT), col("note", ColumnType.STRING));

        TablePlan plan = TablePlanner.plan("db.orders", Optional.empty(), batch);

        assertThat(plan.tableExists()).isFalse();
        assertThat(plan.writeSchema()).isEqualTo(batch);
        assertThat(plan.newColumns()).containsExactly("id", "note");
    }

    @Test
    void columnsTheTableLacksAreNewAndWiderTableTypesAreKept() {
        Schema batch = schema(
                col("id", ColumnType.INT),
                col("amount", ColumnType.decimal(5, 2)),
                new Column("Day", "day", ColumnType.DATE, DateOrder.DAY_FIRST),
                col("extra", ColumnType.BOOLEAN));
        CatalogTable table =
                table("id", "bigint", "amount", "decimal(12,4)", "day", "timestamp", "processed_at", "timestamp");

        TablePlan plan = TablePlanner.plan("db.orders", Optional.of(table), batch);

        assertThat(plan.newColumns()).containsExactly("extra");
        assertThat(plan.widenedColumns()).containsExactly("id", "amount", "day");
        assertThat(plan.writeSchema().columns())
                .containsExactly(
                        col("id", ColumnType.BIGINT),
                        col("amount", ColumnType.decimal(12, 4)),
                        new Column("Day", "day", ColumnType.TIMESTAMP_MILLIS, DateOrder.DAY_FIRST),
                        col("extra", ColumnType.BOOLEAN));
    }

    @Test
    void theSameCatalogTypeKeepsTheBatchsTimestampPrecision() {
        Schema batch = schema(col("at", ColumnType.TIMESTAMP_MICROS));

        TablePlan plan = TablePlanner.plan("db.orders", Optional.of(table("at", "timestamp")), batch);

        assertThat(plan.writeSchema()).isEqualTo(batch);
        assertThat(plan.widenedColumns()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "int|BIGINT|bigint",
                "bigint|STRING|string",
                "decimal(5,2)|DECIMAL(6,2)|decimal(6,2)",
                "decimal(5,2)|DECIMAL(4,3)|decimal(4,3)",
                "decimal(9,0)|INT|int",
                "double|BIGINT|bigint",
                "double|DECIMAL(16,2)|decimal(16,2)",
                "date|TIMESTAMP(3)|timestamp",
                "boolean|INT|int",
                "array<int>|INT|int"
            })
    void anIncompatibleChangeNamesColumnOldAndNewType(String tableType, String batchType, String needed) {
        Schema batch = schema(col("id", ColumnType.STRING), col("v", ColumnType.parse(batchType)));

        assertThatThrownBy(() -> TablePlanner.plan("db.orders", Optional.of(table("v", tableType)), batch))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("table db.orders: incompatible type change, nothing was written: column 'v' is " + tableType
                        + " in the table, this batch needs " + needed);
    }

    @Test
    void everyConflictIsListed() {
        Schema batch = schema(col("a", ColumnType.STRING), col("b", ColumnType.DOUBLE));

        assertThatThrownBy(() -> TablePlanner.plan("db.t", Optional.of(table("a", "int", "b", "int")), batch))
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> assertThat(e.conflicts())
                                .extracting(IncompatibleSchemaException.Conflict::column)
                                .containsExactly("a", "b"));
    }

    @Test
    void aColumnNamedLikeThePartitionKeyIsRefused() {
        Schema batch = schema(new Column("Ingest Date", "ingest_date", ColumnType.DATE));

        assertThatThrownBy(() -> TablePlanner.plan("db.orders", Optional.empty(), batch))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("column 'ingest_date' (header 'Ingest Date') has the name of the partition key");
    }

    @Test
    void aTablePartitionedOtherwiseIsRefused() {
        CatalogTable unpartitioned = new CatalogTable(table("id", "int").columns(), java.util.List.of());

        assertThatThrownBy(() ->
                        TablePlanner.plan("db.orders", Optional.of(unpartitioned), schema(col("id", ColumnType.INT))))
                .hasMessage("table db.orders is partitioned by [], Sluice writes partitions by [ingest_date];"
                        + " nothing was written");
    }
}
