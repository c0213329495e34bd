package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
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
}
