package dev.sluice.gluejob.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectUnavailableException;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.gluejob.Emulator;
import dev.sluice.testsupport.HttpFaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class S3ObjectStoreIT {

    final Emulator aws = new Emulator();
    final String bucket = aws.bucket("store");

    @TempDir
    Path tmp;

    @Test
    void aFileLargerThanAPartGoesUpInPartsAndComesBackWhole() throws Exception {
        byte[] content = new byte[11 << 20];
        new Random(1).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.parquet"), content);
        S3ObjectStore store = new S3ObjectStore(aws.s3, 5 << 20);
        ObjectLocation at = ObjectLocation.parse("s3://" + bucket + "/t/big.parquet");

        store.upload(file, at);
        Path back = tmp.resolve("back");
        store.download(at, back);

        assertThat(Files.mismatch(file, back)).isEqualTo(-1);
        assertThat(aws.s3.headObject(b -> b.bucket(bucket).key("t/big.parquet")).eTag())
                .endsWith("-3\"");
    }

    @Test
    void copiesSmallObjectsAtOnceAndLargeOnesPartByPart() throws Exception {
        byte[] content = new byte[11 << 20];
        new Random(2).nextBytes(content);
        aws.put(bucket, "staged/big", content);
        aws.put(bucket, "staged/small", new byte[] {1, 2, 3});
        S3ObjectStore store = new S3ObjectStore(aws.s3, 5 << 20);

        store.copy(
                ObjectLocation.parse("s3://" + bucket + "/staged/big"),
                ObjectLocation.parse("s3://" + bucket + "/t/big"));
        store.copy(
                ObjectLocation.parse("s3://" + bucket + "/staged/small"),
                ObjectLocation.parse("s3://" + bucket + "/t/small"));

        assertThat(aws.get(bucket, "t/big")).isEqualTo(content);
        assertThat(aws.s3.headObject(b -> b.bucket(bucket).key("t/big")).eTag()).endsWith("-3\"");
        assertThat(aws.get(bucket, "t/small")).containsExactly(1, 2, 3);
    }

    @Test
    void aRangedReadGetsOnlyItsBytesOfTheVersionThatArrived() throws Exception {
        byte[] content = new byte[1000];
        new Random(3).nextBytes(content);
        aws.put(bucket, "in/big.csv", content);
        S3ObjectStore store = new S3ObjectStore(aws.s3);
        ObjectLocation at = ObjectLocation.parse("s3://" + bucket + "/in/big.csv");
        String etag = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));

        Path sparse = tmp.resolve("sparse.csv");
        store.downloadRange(at, new ObjectVersion("", etag, 1000), 100, 350, sparse);
        byte[] one = Files.readAllBytes(sparse);
        store.downloadRange(at, new ObjectVersion("", etag, 1000), 900, 1200, sparse);
        store.downloadRange(at, new ObjectVersion("", etag, 1000), 350, 350, sparse);
        byte[] two = Files.readAllBytes(sparse);
        store.downloadRange(at, new ObjectVersion("", etag, 1000), 0, 100, sparse);
        store.downloadRange(at, new ObjectVersion("", etag, 1000), 350, 900, sparse);

        assertThat(one).hasSize(350);
        assertThat(java.util.Arrays.copyOfRange(one, 0, 100)).isEqualTo(new byte[100]);
        assertThat(java.util.Arrays.copyOfRange(one, 100, 350))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 100, 350));
        assertThat(two).hasSize(1000);
        assertThat(java.util.Arrays.copyOfRange(two, 900, 1000))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 900, 1000));
        assertThat(Files.readAllBytes(sparse)).isEqualTo(content);
        assertThatThrownBy(() ->
                        store.downloadRange(at, new ObjectVersion("", "0".repeat(32), 1000), 0, 10, tmp.resolve("r3")))
                .isInstanceOf(ObjectUnavailableException.class)
                .hasMessageContaining("holds other bytes than arrived");
    }

    @Test
    void aRangedReadCutOffMidwayIsReadAgainFromItsStartIntoTheSameOffsets() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(4).nextBytes(content);
        aws.put(bucket, "in/cut.csv", content);
        String etag = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
        Path sparse = tmp.resolve("cut.csv");
        try (HttpFaultProxy proxy = HttpFaultProxy.start(Emulator.AWS.endpoint());
                S3Client s3 = S3Client.builder()
                        .endpointOverride(proxy.endpoint())
                        .forcePathStyle(true)
                        .region(aws.s3.serviceClientConfiguration().region())
                        .credentialsProvider(aws.s3.serviceClientConfiguration().credentialsProvider())
                        .build()) {
            proxy.inject(new HttpFaultProxy.CutBody(
                    HttpFaultProxy.atMost(1, r -> r.method().equals("GET"))));

            new S3ObjectStore(s3)
                    .downloadRange(
                            ObjectLocation.parse("s3://" + bucket + "/in/cut.csv"),
                            new ObjectVersion("", etag, content.length),
                            1 << 20,
                            3 << 20,
                            sparse);

            assertThat(proxy.faulted()).isEqualTo(1);
        }
        byte[] read = Files.readAllBytes(sparse);
        assertThat(read).hasSize(3 << 20);
        assertThat(java.util.Arrays.copyOfRange(read, 0, 1 << 20)).isEqualTo(new byte[1 << 20]);
        assertThat(java.util.Arrays.copyOfRange(read, 1 << 20, 3 << 20))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 1 << 20, 3 << 20));
    }

    @Test
    void deletingAPrefixRemovesOnlyWhatStartsWithIt() {
        S3ObjectStore store = new S3ObjectStore(aws.s3);
        for (String key : new String[] {"d/part-1-0.parquet", "d/part-1-1.parquet", "d/part-12-0.parquet"}) {
            aws.put(bucket, key, new byte[] {1});
        }

        int deleted = store.deletePrefix(ObjectLocation.parse("s3://" + bucket + "/d/part-1-"));

        assertThat(deleted).isEqualTo(2);
        assertThat(aws.keys(bucket, "d/")).containsExactly("d/part-12-0.parquet");
    }

    @Test
    void aMissingObjectIsNamed() {
        S3ObjectStore store = new S3ObjectStore(aws.s3);
        ObjectLocation missing = ObjectLocation.parse("s3://" + bucket + "/nothing.csv");

        assertThatThrownBy(() -> store.read(missing))
                .isInstanceOf(ObjectUnavailableException.class)
                .hasMessage("s3://" + bucket + "/nothing.csv does not exist (NoSuchKey)");
        assertThatThrownBy(() -> store.download(missing, tmp.resolve("x")))
                .isInstanceOf(ObjectUnavailableException.class)
                .hasMessageStartingWith("s3://" + bucket + "/nothing.csv does not exist");
    }
}
