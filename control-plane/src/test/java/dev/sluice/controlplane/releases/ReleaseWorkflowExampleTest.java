package dev.sluice.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.RepoRoot;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.PostMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/examples/release.yml, the GitHub Actions workflow teams copy: it builds and tests, publishes,
 * then calls the release endpoint with the method, path, media type and fields the API has.
 */
class ReleaseWorkflowExampleTest {

    private final Map<String, Object> workflow = load();

    @Test
    void itBuildsAndTestsThenPublishesThenStartsTheRelease() {
        List<String> names = steps().stream()
                .map(step -> String.valueOf(step.getOrDefault("name", step.get("uses"))))
                .toList();
        assertThat(names).containsSubsequence("Build and test", "Publish the build", "Start the release");
        assertThat(step("Build and test").get("run").toString()).contains("./mvnw -B verify");
        assertThat(step("Publish the build").get("run").toString())
                .contains("aws s3 cp \"$jar\"", "sha256sum \"$jar\"", "sha256sum \"$TEMPLATE\"");
    }

    @Test
    void theCallMatchesTheReleaseEndpointsMethodPathAndMediaType() throws NoSuchMethodException {
        String run = step("Start the release").get("run").toString();
        Method start = ReleaseController.class.getDeclaredMethod("start", ReleaseRequest.class, Principal.class);
        PostMapping mapping = start.getAnnotation(PostMapping.class);

        assertThat(run).contains("--request POST");
        Matcher url = Pattern.compile("\"\\$SLUICE_URL(/api/[^\"]+)\"").matcher(run);
        assertThat(url.find()).as("a call to $SLUICE_URL/api/...").isTrue();
        assertThat(url.group(1)).isEqualTo(mapping.path()[0]);
        assertThat(run).contains("--header \"Content-Type: " + mapping.consumes()[0] + "\"");
        assertThat(run).contains("--header \"Authorization: Bearer $SLUICE_TOKEN\"", "--data @release.json");
        @SuppressWarnings("unchecked")
        Map<String, String> env =
                (Map<String, String>) step("Start the release").get("env");
        assertThat(env.get("SLUICE_TOKEN"))
                .as("a token from the repository's secrets")
                .startsWith("${{ secrets.");
    }

    @Test
    void theRequestItSendsHasEveryRequiredFieldAndNoUnknownOne() {
        String run = step("Start the release").get("run").toString();
        Matcher filter = Pattern.compile("'(\\{.*})'", Pattern.DOTALL).matcher(run);
        assertThat(filter.find()).as("the jq filter that builds release.json").isTrue();
        Set<String> sent = new LinkedHashSet<>();
        Matcher key = Pattern.compile("(\\w+):").matcher(filter.group(1));
        while (key.find()) {
            sent.add(key.group(1));
        }
        Set<String> known = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        for (Class<?> type :
                List.of(ReleaseRequest.class, ReleaseRequest.Artifacts.class, ReleaseRequest.Artifact.class)) {
            for (RecordComponent component : type.getRecordComponents()) {
                known.add(component.getName());
                Method accessor = component.getAccessor();
                if (accessor.isAnnotationPresent(NotBlank.class) || accessor.isAnnotationPresent(NotNull.class)) {
                    required.add(component.getName());
                }
            }
        }
        assertThat(known).containsAll(sent);
        assertThat(sent).containsAll(required);

        @SuppressWarnings("unchecked")
        Map<String, Object> jobEnv = (Map<String, Object>) job().get("env");
        ReleaseTrack track = ReleaseTrack.parse(String.valueOf(jobEnv.get("TRACK")));
        if (track == ReleaseTrack.APPLICATION) {
            assertThat(sent).as("an application release carries the jar").contains("glueJobJar", "uri");
        }
    }

    private static Map<String, Object> load() {
        try {
            return new Yaml().load(Files.readString(RepoRoot.path().resolve("docs/examples/release.yml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> job() {
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        assertThat(jobs).hasSize(1);
        return (Map<String, Object>) jobs.values().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> steps() {
        return (List<Map<String, Object>>) job().get("steps");
    }

    private Map<String, Object> step(String name) {
        return steps().stream()
                .filter(s -> name.equals(s.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in "
                        + Arrays.toString(Stream.of(steps()).toArray())));
    }
}
