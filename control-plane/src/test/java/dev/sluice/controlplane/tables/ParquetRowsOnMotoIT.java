package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.S3ObjectStore;
import dev.sluice.processor.CsvConversion;
import dev.sluice.testsupport.AwsEmulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The preview's Parquet reads on S3 (the AWS emulator): ranged GETs of the footer and first pages only. */
class ParquetRowsOnMotoIT {

    @TempDir
    Path dir;

    @Test
    void theFirstRowsOfAnObjectOnS3FetchAFractionOfIt() throws IOException {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,text\n");
            for (int i = 0; i < 200_000; i++) {
                w.write(i + ",text of row " + i + " " + (i * 7919L) + "\n");
            }
        }
        Path parquet = dir.resolve("big.parquet");
        CsvConversion.builder().pageBytes(64 << 10).build().convert(csv, parquet);
        AwsEmulator aws = AwsEmulator.shared();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
                .forcePathStyle(true)
                .build()) {
            s3.createBucket(b -> b.bucket("preview-out"));
            s3.putObject(b -> b.bucket("preview-out").key("t/part-1-0.parquet"), RequestBody.fromFile(parquet));
            CountingStore store = new CountingStore(new S3ObjectStore(s3));
            Location at = new Location("preview-out", "t/part-1-0.parquet");
            long size = store.size(at).orElseThrow();

            ParquetRows.Read read = ParquetRows.read(new StoredParquet(store, at, size), 50, 100);

            assertThat(read.rows()).hasSize(50);
            assertThat(read.rows().get(10).subList(0, 2)).containsExactly("10", "text of row 10 79190");
            assertThat(store.fetched()).as("of %d bytes", size).isLessThan(size / 10);
            assertThat(new StoredParquet(store, at, size).nullCounts()).containsEntry("text", 0L);
        }
    }
}
