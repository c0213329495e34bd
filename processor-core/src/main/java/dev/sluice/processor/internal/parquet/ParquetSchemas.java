package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Column;
import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps Sluice column types to the Parquet types Athena engine v3 and the Glue Data Catalog read:
 * INT32/INT64, DECIMAL on INT32/INT64/FIXED_LEN_BYTE_ARRAY by precision, DATE on INT32, TIMESTAMP
 * adjusted to UTC on INT64 (never INT96), STRING on BINARY, BOOLEAN, DOUBLE.
 */
public final class ParquetSchemas {

    public static final String PROCESSED_AT = "processed_at";
    public static final String SOURCE_FILE = "source_file";
    public static final String PROCESSING_JOB = "processing_job";

    private ParquetSchemas() {}

    public static MessageType messageType(Schema schema) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Column column : schema.columns()) {
            addColumn(builder, column.name(), column.type(), Repetition.OPTIONAL);
        }
        builder.required(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                .named(PROCESSED_AT);
        builder.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(SOURCE_FILE);
        builder.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(PROCESSING_JOB);
        return builder.named("sluice");
    }

    private static void addColumn(Types.MessageTypeBuilder b, String name, ColumnType type, Repetition rep) {
        switch (type.kind()) {
            case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
            case INT -> b.primitive(PrimitiveTypeName.INT32, rep).named(name);
            case BIGINT -> b.primitive(PrimitiveTypeName.INT64, rep).named(name);
            case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
            case DATE ->
                b.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.dateType())
                        .named(name);
            case TIMESTAMP ->
                b.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(
                                true, type.precision() == 6 ? TimeUnit.MICROS : TimeUnit.MILLIS))
                        .named(name);
            case STRING ->
                b.primitive(PrimitiveTypeName.BINARY, rep)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(name);
            case DECIMAL -> {
                LogicalTypeAnnotation decimal = LogicalTypeAnnotation.decimalType(type.scale(), type.precision());
                if (type.precision() <= 9) {
                    b.primitive(PrimitiveTypeName.INT32, rep).as(decimal).named(name);
                } else if (type.precision() <= 18) {
                    b.primitive(PrimitiveTypeName.INT64, rep).as(decimal).named(name);
                } else {
                    b.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
                            .length(decimalBytes(type.precision()))
                            .as(decimal)
                            .named(name);
                }
            }
        }
    }

    /** The fewest two's-complement bytes that hold every unscaled value of a precision. */
    public static int decimalBytes(int precision) {
        java.math.BigInteger max = java.math.BigInteger.TEN.pow(precision).subtract(java.math.BigInteger.ONE);
        return max.bitLength() / 8 + 1;
    }
}
