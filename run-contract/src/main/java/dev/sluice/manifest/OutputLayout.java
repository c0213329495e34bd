package dev.sluice.manifest;

import java.util.Objects;

/**
 * Where a run's documents and results go, as keys relative to the pipeline's output prefix (which
 * ends in {@code /}). Data names derive from the run id and the file's place in the manifest, never
 * from the attempt, so that a retry replaces what an earlier attempt left instead of adding to it:
 *
 * <pre>
 * _manifests/&lt;run&gt;-&lt;attempt&gt;.json
 * &lt;table&gt;/ingest_date=&lt;date&gt;/part-&lt;run&gt;-&lt;n&gt;.parquet      (file n alone)
 * &lt;table&gt;/ingest_date=&lt;date&gt;/part-&lt;run&gt;-c&lt;bin&gt;.parquet  (the small files of bin n, combined)
 * _rejects/&lt;run&gt;/part-&lt;run&gt;-&lt;n&gt;.csv
 * _reports/&lt;run&gt;.json
 * _staging/&lt;run&gt;/&lt;n&gt;/      (while the run goes, outside the table)
 * _tables/&lt;database&gt;.&lt;table&gt;.json   (the table's schema, where no Data Catalog keeps it)
 * </pre>
 */
public record OutputLayout(String table, String ingestDate, long runId) {

    /** The partition column of every Sluice table. */
    public static final String PARTITION_KEY = "ingest_date";

    public OutputLayout {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(ingestDate, "ingestDate");
    }

    public static String manifest(long runId, int attempt) {
        return "_manifests/" + runId + "-" + attempt + ".json";
    }

    public static String report(long runId) {
        return "_reports/" + runId + ".json";
    }

    public static String tablePrefix(String table) {
        return table + "/";
    }

    /** The schema of a table kept as a file under the output, by the embedded executor. */
    public static String tableSchema(String database, String table) {
        return "_tables/" + database + "." + table + ".json";
    }

    public String partition() {
        return tablePrefix(table) + PARTITION_KEY + "=" + ingestDate + "/";
    }

    public String parquet(int index) {
        return partition() + partName(index) + ".parquet";
    }

    /** The one Parquet file of bin {@code bin}: several small files of the run combined. */
    public String combined(int bin) {
        return partition() + "part-" + runId + "-c" + bin + ".parquet";
    }

    public String rejects(int index) {
        return rejects(runId, index);
    }

    /** The rejected rows of file {@code index} of a run: they do not depend on its table or date. */
    public static String rejects(long runId, int index) {
        return "_rejects/" + runId + "/part-" + runId + "-" + index + ".csv";
    }

    public String report() {
        return report(runId);
    }

    /** Where file {@code index} waits before the batch's schema is known. */
    public String staged(int index) {
        return staging() + index + "/";
    }

    public String staging() {
        return "_staging/" + runId + "/";
    }

    /** Every data file of this run in the partition (the dash keeps run 1 from matching run 12). */
    public String runParts() {
        return partition() + "part-" + runId + "-";
    }

    public String rejectsPrefix() {
        return "_rejects/" + runId + "/";
    }

    private String partName(int index) {
        return "part-" + runId + "-" + index;
    }
}
