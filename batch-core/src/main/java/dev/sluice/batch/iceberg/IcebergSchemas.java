package dev.sluice.batch.iceberg;

import dev.sluice.processor.Column;
import dev.sluice.processor.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Types;

/** A Sluice table's Iceberg schema and partitioning. */
final class IcebergSchemas {

    static final String PROCESSED_AT = Schema.METADATA_COLUMNS.get(0);
    static final String SOURCE_FILE = Schema.METADATA_COLUMNS.get(1);
    static final String PROCESSING_JOB = Schema.METADATA_COLUMNS.get(2);

    /** The name Iceberg gives the {@code day(processed_at)} partition field. */
    static final String DAY_FIELD = PROCESSED_AT + "_day";

    private IcebergSchemas() {}

    /**
     * The batch's columns, optional as processor-core writes them, then the metadata columns, which
     * every row has.
     */
    static org.apache.iceberg.Schema of(Schema batch) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (Column c : batch.columns()) {
            fields.add(Types.NestedField.optional(
                    id++,
                    c.name(),
                    IcebergTypes.of(c.type()),
                    c.originalName().equals(c.name()) ? null : "CSV header: " + c.originalName()));
        }
        fields.add(Types.NestedField.required(id++, PROCESSED_AT, Types.TimestampType.withZone()));
        fields.add(Types.NestedField.required(id++, SOURCE_FILE, Types.StringType.get()));
        fields.add(Types.NestedField.required(id, PROCESSING_JOB, Types.StringType.get()));
        return new org.apache.iceberg.Schema(fields);
    }

    static PartitionSpec spec(org.apache.iceberg.Schema schema) {
        return PartitionSpec.builderFor(schema).day(PROCESSED_AT).build();
    }
}
