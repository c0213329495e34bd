package dev.sluice.gluejob;

import dev.sluice.gluejob.storage.ObjectLocation;

/**
 * Where a run's results go under {@code --output}. Names derive from the run id and the file's
 * place in the manifest, never from the attempt, so that a retry replaces what an earlier attempt
 * left instead of adding to it:
 *
 * <pre>
 * &lt;output&gt;/&lt;table&gt;/ingest_date=&lt;date&gt;/part-&lt;run&gt;-&lt;n&gt;.parquet
 * &lt;output&gt;/_rejects/&lt;run&gt;/part-&lt;run&gt;-&lt;n&gt;.csv
 * &lt;output&gt;/_reports/&lt;run&gt;.json
 * </pre>
 *
 * <p>While the run goes, files wait under {@code <output>/_staging/<run>/}, outside the table.
 */
public record OutputLayout(ObjectLocation output, String table, String ingestDate, long runId) {

    public static ObjectLocation tablePrefix(ObjectLocation output, String table) {
        return output.asPrefix().resolve(table + "/");
    }

    public ObjectLocation partition() {
        return tablePrefix(output, table).resolve("ingest_date=" + ingestDate + "/");
    }

    public ObjectLocation parquet(int index) {
        return partition().resolve(partName(index) + ".parquet");
    }

    public ObjectLocation rejects(int index) {
        return rejectsPrefix().resolve(partName(index) + ".csv");
    }

    public ObjectLocation report() {
        return output.asPrefix().resolve("_reports/" + runId + ".json");
    }

    /** Where file {@code index} waits before the batch's schema is known. */
    public ObjectLocation staged(int index) {
        return staging().resolve(index + "/");
    }

    ObjectLocation staging() {
        return output.asPrefix().resolve("_staging/" + runId + "/");
    }

    /** Every data file of this run in the partition (the dash keeps run 1 from matching run 12). */
    ObjectLocation runParts() {
        return partition().resolve("part-" + runId + "-");
    }

    ObjectLocation rejectsPrefix() {
        return output.asPrefix().resolve("_rejects/" + runId + "/");
    }

    private String partName(int index) {
        return "part-" + runId + "-" + index;
    }
}
