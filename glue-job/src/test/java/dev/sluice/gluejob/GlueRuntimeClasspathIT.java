package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The integration tests run what Glue runs: the shaded jar beside Spark 3.5.4's own libraries,
 * whose parquet (1.13) lacks what processor-core's (1.16) has. If this setup ever rots, the other
 * tests stop proving that the jar works on Glue; this test says so.
 */
class GlueRuntimeClasspathIT {

    static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theJobAndProcessorCoreComeFromTheShadedJar() throws Exception {
        assertThat(jarOf(SluiceGlueJob.class).getFileName().toString()).matches("glue-job-.*\\.jar");
        assertThat(jarOf(dev.sluice.processor.CsvConversion.class)).isEqualTo(jarOf(SluiceGlueJob.class));
        assertThat(jarOf(Class.forName("dev.sluice.shaded.parquet.io.LocalOutputFile")))
                .isEqualTo(jarOf(SluiceGlueJob.class));
    }

    @Test
    void sparksOwnParquetIsTheOldOneGlueShips() throws Exception {
        Class<?> writer = Class.forName("org.apache.parquet.hadoop.ParquetWriter");

        assertThat(jarOf(writer).getFileName().toString()).isEqualTo("parquet-hadoop-1.13.1.jar");
        assertThatThrownBy(() -> Class.forName("org.apache.parquet.io.LocalOutputFile"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    /** Glue 5.0 brings Iceberg 1.7.1 with --datalake-formats iceberg; a second copy would clash. */
    @Test
    void theJarCarriesNoIcebergAndTheJobSeesGluesOwn() throws Exception {
        try (JarFile jar = new JarFile(jarOf(SluiceGlueJob.class).toFile())) {
            List<String> iceberg = Collections.list(jar.entries()).stream()
                    .map(ZipEntry::getName)
                    .filter(name ->
                            name.startsWith("org/apache/iceberg/") || name.matches("dev/sluice/shaded/.*iceberg.*"))
                    .toList();
            assertThat(iceberg).isEmpty();
        }
        Path runtime = jarOf(Class.forName("org.apache.iceberg.aws.glue.GlueCatalog"));
        assertThat(runtime.getFileName().toString()).isEqualTo("iceberg-spark-runtime-3.5_2.12-1.7.1.jar");
        assertThat(jarOf(Class.forName("org.apache.iceberg.Table"))).isEqualTo(runtime);
    }
}
