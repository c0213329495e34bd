package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentApplyGuardTest {

    private final DeploymentApplyGuard guard = new DeploymentApplyGuard(
            name -> Optional.ofNullable(Map.of("dev", false, "prod", true).get(name)),
            RoleConfiguration.roleHierarchy());

    @Test
    void aPlanNeedsNoAdminWhateverTheEnvironment() {
        assertThat(needsAdmin("{\"environment\":\"dev\",\"stack\":\"all\",\"action\":\"plan\"}"))
                .isFalse();
        assertThat(needsAdmin("{\"environment\":\"dev\",\"stack\":\"all\",\"action\":\"PLAN\"}"))
                .isFalse();
    }

    @Test
    void anApplyNeedsAnAdminUnlessTheEnvironmentWaitsForAnApprover() {
        assertThat(needsAdmin("{\"environment\":\"dev\",\"stack\":\"all\",\"action\":\"apply\"}"))
                .isTrue();
        assertThat(needsAdmin("{\"environment\":\"prod\",\"stack\":\"all\",\"action\":\"apply\"}"))
                .isFalse();
    }

    @Test
    void aRedeployIsAnApply() {
        assertThat(guard.needsAdmin(bytes("{\"environment\":\"dev\"}"), true)).isTrue();
        assertThat(guard.needsAdmin(bytes("{\"environment\":\"prod\"}"), true)).isFalse();
        assertThat(guard.needsAdmin(bytes("{\"environment\":\"dev\",\"action\":\"plan\"}"), true))
                .isTrue();
    }

    @Test
    void anUnknownEnvironmentIsLeftToTheDeploymentServiceWhichRefusesIt() {
        assertThat(needsAdmin("{\"environment\":\"qa\",\"stack\":\"all\",\"action\":\"apply\"}"))
                .isFalse();
    }

    @Test
    void bodiesThatCouldBeReadTwoWaysGetTheStricterRule() {
        assertThat(needsAdmin("{\"environment\":\"dev\",\"action\":\"plan\",\"action\":\"apply\"}"))
                .isTrue();
        assertThat(needsAdmin("{\"environment\":\"dev\",\"action\":\"plan\"} {\"action\":\"apply\"}"))
                .isTrue();
        assertThat(needsAdmin("{\"environment\":\"dev\",\"action\":\"plan\"")).isTrue();
        assertThat(needsAdmin("{\"environment\":[\"dev\"],\"action\":\"apply\"}"))
                .isTrue();
        assertThat(needsAdmin("{\"environment\":\"dev\",\"action\":[\"plan\"]}"))
                .isTrue();
        assertThat(needsAdmin("")).isTrue();
    }

    private boolean needsAdmin(String body) {
        return guard.needsAdmin(bytes(body), false);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
