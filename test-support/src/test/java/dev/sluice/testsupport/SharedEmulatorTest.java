package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedEmulatorTest {

    @AfterEach
    void clear() {
        System.clearProperty(SharedEmulator.Choice.PROPERTY);
    }

    @Test
    void testsAndDockerComposeUseTheSamePinnedLocalStack() throws Exception {
        String compose = Files.readString(RepoRoot.path().resolve("docker-compose.yml"));

        assertThat(SharedEmulator.LOCALSTACK_IMAGE).matches("localstack/localstack:\\d+\\.\\d+\\.\\d+");
        assertThat(compose.lines().map(String::trim).filter(l -> l.startsWith("image: localstack/")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).isEqualTo("image: " + SharedEmulator.LOCALSTACK_IMAGE));
    }

    @Test
    void theEmulatorCanBeForcedByASystemProperty() {
        System.setProperty(SharedEmulator.Choice.PROPERTY, "LocalStack");
        assertThat(SharedEmulator.Choice.configured()).isEqualTo(SharedEmulator.Choice.LOCALSTACK);
        System.setProperty(SharedEmulator.Choice.PROPERTY, "moto");
        assertThat(SharedEmulator.Choice.configured()).isEqualTo(SharedEmulator.Choice.MOTO);
        System.setProperty(SharedEmulator.Choice.PROPERTY, "floto");
        assertThatThrownBy(SharedEmulator.Choice::configured)
                .hasMessageContaining("floto")
                .hasMessageContaining("localstack, moto or auto");
    }
}
