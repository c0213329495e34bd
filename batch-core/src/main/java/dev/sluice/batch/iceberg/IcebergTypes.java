package dev.sluice.batch.iceberg;

import dev.sluice.processor.ColumnType;
import java.util.Optional;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * processor-core's column types as Iceberg types, chosen for what Athena reads in an Iceberg table
 * (no tinyint or smallint, which processor-core never infers either) and for what the files hold:
 * processor-core writes timestamps adjusted to UTC, which is Iceberg's {@code timestamptz}
 * (Iceberg's {@code timestamp} is a Parquet timestamp not adjusted to UTC). Athena queries both;
 * only its own DDL creates {@code timestamp} alone. Parquet INT64 milliseconds (processor-core's
 * TIMESTAMP(3)) read as Iceberg's microseconds, as Iceberg's Parquet readers convert.
 */
final class IcebergTypes {

    private IcebergTypes() {}

    static Type of(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BooleanType.get();
            case INT -> Types.IntegerType.get();
            case BIGINT -> Types.LongType.get();
            case DOUBLE -> Types.DoubleType.get();
            case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
            case DATE -> Types.DateType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
            case STRING -> Types.StringType.get();
        };
    }

    /** The processor-core type of an Iceberg column, if processor-core has one. */
    static Optional<ColumnType> columnType(Type type) {
        return Optional.ofNullable(
                switch (type.typeId()) {
                    case BOOLEAN -> ColumnType.BOOLEAN;
                    case INTEGER -> ColumnType.INT;
                    case LONG -> ColumnType.BIGINT;
                    case DOUBLE -> ColumnType.DOUBLE;
                    case DECIMAL -> {
                        Types.DecimalType d = (Types.DecimalType) type;
                        yield ColumnType.decimal(d.precision(), d.scale());
                    }
                    case DATE -> ColumnType.DATE;
                    // both read as the UTC instants processor-core writes; microseconds are Iceberg's
                    case TIMESTAMP -> ColumnType.TIMESTAMP_MICROS;
                    case STRING -> ColumnType.STRING;
                    default -> null;
                });
    }
}
