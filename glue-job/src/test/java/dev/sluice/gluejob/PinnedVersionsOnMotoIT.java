package dev.sluice.gluejob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key overwritten (or its version deleted) between the notification and the job run: the job
 * converts the bytes that arrived, or fails that file saying why, never the other bytes.
 */
class PinnedVersionsOnMotoIT {

    static final String PARTITION = "p/orders/ingest_date=" + TestRun.INGEST_DATE + "/";
    static final byte[] FIRST = "id,name\n1,first-A\n2,first-A\n".getBytes(UTF_8);
    static final byte[] SECOND = "id,name\n3,second-B\n".getBytes(UTF_8);
    static final byte[] OTHER = "id,name\n9,other\n".getBytes(UTF_8);

    final Emulator aws = new Emulator();
    final String out = aws.bucket("out");
    final String db = aws.database("sluice");

    @TempDir
    Path tmp;

    @Test
    void onAVersionedBucketTheVersionThatArrivedIsConvertedAfterAnOverwrite() throws Exception {
        String in = aws.versionedBucket("in");
        Emulator.Put first = aws.put(in, "collide.csv", FIRST);
        aws.put(in, "collide.csv", SECOND);

        new TestRun(aws, out, db, "orders", 61)
                .s3Arrived(in, "collide.csv", first)
                .run();

        assertThat(first.versionId()).isNotEmpty();
        assertThat(report(61).get("files").get(0).get("error").isNull()).isTrue();
        assertThat(names()).containsExactly(List.of("first-A"), List.of("first-A"));
    }

    @Test
    void onAnUnversionedBucketAnOverwrittenFileFailsAndTheOthersGoOn() throws Exception {
        String in = aws.bucket("in");
        Emulator.Put first = aws.put(in, "collide.csv", FIRST);
        aws.put(in, "collide.csv", SECOND);

        new TestRun(aws, out, db, "orders", 62)
                .s3Arrived(in, "collide.csv", first)
                .s3File(in, "other.csv", OTHER)
                .run();

        JsonNode files = report(62).get("files");
        assertThat(files.get(0).get("error").asText())
                .startsWith("s3://" + in + "/collide.csv holds other bytes than arrived (ETag " + first.etag());
        assertThat(files.get(1).get("error").isNull()).isTrue();
        assertThat(aws.keys(out, PARTITION)).containsExactly(PARTITION + "part-62-c0.parquet");
        assertThat(names()).containsExactly(List.of("other"));
    }

    @Test
    void aVersionDeletedBeforeTheRunFailsThatFileSayingSo() throws Exception {
        String in = aws.versionedBucket("in");
        Emulator.Put first = aws.put(in, "collide.csv", FIRST);
        aws.put(in, "collide.csv", SECOND);
        aws.s3.deleteObject(b -> b.bucket(in).key("collide.csv").versionId(first.versionId()));

        new TestRun(aws, out, db, "orders", 63)
                .s3Arrived(in, "collide.csv", first)
                .s3File(in, "other.csv", OTHER)
                .run();

        JsonNode files = report(63).get("files");
        assertThat(files.get(0).get("error").asText())
                .startsWith("s3://" + in + "/collide.csv version " + first.versionId() + " no longer exists");
        assertThat(names()).containsExactly(List.of("other"));
    }

    JsonNode report(long runId) throws Exception {
        return new ObjectMapper().readTree(aws.get(out, "p/_reports/" + runId + ".json"));
    }

    /** The {@code name} column of every row in the partition, as DuckDB reads it. */
    List<List<String>> names() {
        List<Path> parquet = new ArrayList<>();
        for (String key : aws.keys(out, PARTITION)) {
            Path local = tmp.resolve(key.replace('/', '_'));
            aws.download(out, key, local);
            parquet.add(local);
        }
        return DuckDb.query("SELECT name FROM " + DuckDb.files(parquet) + " ORDER BY id");
    }
}
