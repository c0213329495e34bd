package dev.sluice.batch.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.ColumnType;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** processor-core's types as the Iceberg types Athena queries in an Iceberg table. */
class IcebergTypesTest {

    @Test
    void everyProcessorTypeHasTheIcebergTypeOfWhatItsFilesHold() {
        assertThat(IcebergTypes.of(ColumnType.BOOLEAN)).isEqualTo(Types.BooleanType.get());
        assertThat(IcebergTypes.of(ColumnType.INT)).isEqualTo(Types.IntegerType.get());
        assertThat(IcebergTypes.of(ColumnType.BIGINT)).isEqualTo(Types.LongType.get());
        assertThat(IcebergTypes.of(ColumnType.DOUBLE)).isEqualTo(Types.DoubleType.get());
        assertThat(IcebergTypes.of(ColumnType.decimal(38, 10))).isEqualTo(Types.DecimalType.of(38, 10));
        assertThat(IcebergTypes.of(ColumnType.DATE)).isEqualTo(Types.DateType.get());
        assertThat(IcebergTypes.of(ColumnType.STRING)).isEqualTo(Types.StringType.get());
        // the files hold timestamps adjusted to UTC, at milliseconds or microseconds
        assertThat(IcebergTypes.of(ColumnType.TIMESTAMP_MILLIS)).isEqualTo(Types.TimestampType.withZone());
        assertThat(IcebergTypes.of(ColumnType.TIMESTAMP_MICROS)).isEqualTo(Types.TimestampType.withZone());
    }

    @Test
    void icebergTypesWithoutAProcessorTypeAreNamedAsConflicts() {
        assertThat(IcebergTypes.columnType(Types.LongType.get())).contains(ColumnType.BIGINT);
        assertThat(IcebergTypes.columnType(Types.TimestampType.withoutZone())).contains(ColumnType.TIMESTAMP_MICROS);
        assertThat(IcebergTypes.columnType(Types.FloatType.get())).isEmpty();
        assertThat(IcebergTypes.columnType(Types.TimeType.get())).isEmpty();
        assertThat(IcebergTypes.columnType(Types.FixedType.ofLength(4))).isEmpty();
    }
}
