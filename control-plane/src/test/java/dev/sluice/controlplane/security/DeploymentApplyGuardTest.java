package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

class DeploymentApplyGuardTest {

    private final DeploymentApplyGuard guard = new DeploymentApplyGuard(
            name -> Optional.ofNullable(Map.of("dev", false, "prod", true).get(name)),
            RoleConfiguration.roleHierarchy());

    @Test
    void aPlanNeedsNoAdminWhateverTheEnvironment() {
        assertThat(guard.needsAdmin("dev", true)).isFalse();
        assertThat(guard.needsAdmin("prod", true)).isFalse();
    }

    @Test
    void anApplyNeedsAnAdminUnlessTheEnvironmentWaitsForAnApprover() {
        assertThat(guard.needsAdmin("dev", false)).isTrue();
        assertThat(guard.needsAdmin("prod", false)).isFalse();
    }

    @Test
    void anUnknownEnvironmentIsLeftToTheDeploymentServiceWhichRefusesIt() {
        assertThat(guard.needsAdmin("qa", false)).isFalse();
    }

    @Test
    void anOperatorIsRefusedAnApplyWithoutApprovalAndAnAdminIsNot() {
        ApiTokenAuthentication operator = new ApiTokenAuthentication(1, "token:ops", EnumSet.of(Role.OPERATOR));
        ApiTokenAuthentication admin = new ApiTokenAuthentication(2, "token:root", EnumSet.of(Role.ADMIN));

        assertThatThrownBy(() -> guard.check("dev", false, operator))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageStartingWith("role ADMIN is needed");
        assertThatCode(() -> guard.check("dev", true, operator)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("prod", false, operator)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("dev", false, admin)).doesNotThrowAnyException();
    }
}
