package dev.sluice.controlplane.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Dockerfile and docker-compose.yml are well formed and name only files that exist (after `package`). */
class PackagingFilesIT {

    private final Path root = RepoRoot.path();

    @Test
    void composeRunsTheControlPlaneWithPostgresAndAPinnedLocalStack() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("sluice", "postgres", "localstack", "localstack-init");
        services.values().stream()
                .map(s -> (String) s.get("image"))
                .filter(image -> image != null)
                .forEach(image -> assertThat(image)
                        .as("pinned image")
                        .matches(".+:[0-9][^:]*")
                        .doesNotEndWith(":latest"));
        assertThat(services.get("sluice").get("build")).isEqualTo(".");
        assertThat(root.resolve("Dockerfile")).isRegularFile();
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) services.get("sluice").get("environment");
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "aws").containsKey("SLUICE_DATABASE_URL");
    }

    @Test
    void everyHostFileComposeMountsExists() throws IOException {
        Pattern hostPath = Pattern.compile("^(\\./[^:]+):");
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        List<String> mounts = compose.lines()
                .map(String::trim)
                .filter(l -> l.startsWith("- ./"))
                .map(l -> l.substring(2))
                .toList();
        assertThat(mounts).isNotEmpty();
        for (String mount : mounts) {
            Matcher m = hostPath.matcher(mount);
            assertThat(m.find()).as(mount).isTrue();
            assertThat(root.resolve(m.group(1))).as(mount).exists();
        }
    }

    @Test
    void theImageRunsAsANonRootUserWithAHealthCheckOnTheLayeredJar() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("Dockerfile"));

        assertThat(lines)
                .filteredOn(l -> l.startsWith("FROM "))
                .allSatisfy(l -> assertThat(l).matches("FROM \\S+:\\S+.*"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("USER sluice"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).contains("jarmode=tools").contains("--layers"));
        lines.stream()
                .filter(l -> l.startsWith("COPY ") && !l.contains("--from="))
                .map(l -> l.split("\\s+")[1])
                .forEach(source -> assertThat(root.resolve(source))
                        .as("COPY source %s (built by ./mvnw package)", source)
                        .exists());
    }
}
