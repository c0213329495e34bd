package dev.sluice.batch.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObjectLocationTest {

    @Test
    void s3LocationsResolveUnderPrefixes() {
        ObjectLocation out = ObjectLocation.parse("s3://bucket/p").asPrefix();

        assertThat(out.uri()).isEqualTo("s3://bucket/p/");
        assertThat(out.resolve("orders/x.parquet").uri()).isEqualTo("s3://bucket/p/orders/x.parquet");
        assertThat(ObjectLocation.parse("s3://bucket").asPrefix().resolve("k").uri())
                .isEqualTo("s3://bucket/k");
        assertThat(ObjectLocation.parse("s3://b/dir/name with space.csv").fileName())
                .isEqualTo("name with space.csv");
    }

    @Test
    void fileLocationsRoundTripThroughTheirUri() {
        ObjectLocation dir = ObjectLocation.of(Path.of("/tmp/some dir"), true);

        assertThat(dir.key()).isEqualTo("/tmp/some dir/");
        assertThat(dir.uri()).isEqualTo("file:/tmp/some%20dir/");
        assertThat(ObjectLocation.parse(dir.uri())).isEqualTo(dir);
        assertThat(ObjectLocation.parse("file:///tmp/a.csv").key()).isEqualTo("/tmp/a.csv");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> ObjectLocation.parse("s3a://b/k"))
                .hasMessage("'s3a://b/k' is neither an s3:// nor a file: URI");
    }
}
