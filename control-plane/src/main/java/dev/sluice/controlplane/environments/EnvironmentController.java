package dev.sluice.controlplane.environments;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/environments}: the deployment targets, with each stack's status and outputs. */
@RestController
@RequestMapping("/api/v1/environments")
class EnvironmentController {

    private final Environments environments;
    private final StackStatusReader stacks;

    EnvironmentController(Environments environments, StackStatusReader stacks) {
        this.environments = environments;
        this.stacks = stacks;
    }

    @GetMapping
    @Operation(summary = "List environments with the status and outputs of Sluice's stacks in each")
    List<EnvironmentView> list() {
        return environments.all().stream().map(this::view).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One environment with the status and outputs of its stacks")
    EnvironmentView get(@PathVariable String name) {
        return view(environments.require(name));
    }

    private EnvironmentView view(Environment environment) {
        return new EnvironmentView(
                environment.name(),
                environment.accountId(),
                environment.region(),
                environment.safeguards().requiresApproval(),
                environment.safeguards().terminationProtection(),
                stacks.stacks(environment));
    }
}
