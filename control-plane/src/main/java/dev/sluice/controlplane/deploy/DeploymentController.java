package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.security.Caller;
import dev.sluice.controlplane.security.DeploymentApplyGuard;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/deployments}: plan, apply, approve, reject, repair and list deployments. */
@RestController
@RequestMapping("/api/v1/deployments")
class DeploymentController {

    /** The caller's name when no authentication is configured. */
    static final String ANONYMOUS = "anonymous";

    private final DeploymentService deployments;
    private final DeploymentApplyGuard applies;

    DeploymentController(DeploymentService deployments, DeploymentApplyGuard applies) {
        this.deployments = deployments;
        this.applies = applies;
    }

    /** @param stack infrastructure, application or all; @param action plan or apply */
    record CreateDeployment(
            @NotBlank String environment,
            @NotBlank String stack,
            @NotBlank String action) {}

    /** The deployments a request started, in the order they run. */
    record Started(List<Deployment> deployments) {}

    record Redeploy(@NotBlank String environment) {}

    record ContinueRollback(List<String> resourcesToSkip) {}

    @PostMapping
    ResponseEntity<Started> create(@Valid @RequestBody CreateDeployment request, Authentication principal) {
        applies.check(
                request.environment(), DeploymentAction.parse(request.action()) == DeploymentAction.PLAN, principal);
        List<Deployment> started =
                deployments.request(request.environment(), request.stack(), request.action(), caller(principal));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/deployments/" + started.get(0).id()))
                .body(new Started(started));
    }

    /** Publishes the current glue-job build and applies the application stack with it. */
    @PostMapping("/redeploy")
    ResponseEntity<Deployment> redeploy(@Valid @RequestBody Redeploy request, Authentication principal) {
        applies.check(request.environment(), false, principal);
        Deployment started = deployments.redeployApplication(request.environment(), caller(principal));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/deployments/" + started.id()))
                .body(started);
    }

    @GetMapping("/{id}")
    DeploymentDetail get(@PathVariable String id) {
        return deployments.detail(id);
    }

    @GetMapping
    List<Deployment> history(@RequestParam Optional<String> environment, @RequestParam(defaultValue = "50") int limit) {
        return deployments.history(environment, limit);
    }

    @PostMapping("/{id}/approve")
    Deployment approve(@PathVariable String id, Principal principal) {
        return deployments.approve(id, caller(principal));
    }

    @PostMapping("/{id}/reject")
    Deployment reject(@PathVariable String id, Principal principal) {
        return deployments.reject(id, caller(principal));
    }

    @PostMapping("/{id}/continue-rollback")
    ResponseEntity<Deployment> continueRollback(
            @PathVariable String id, @RequestBody(required = false) ContinueRollback request) {
        List<String> skip =
                request == null || request.resourcesToSkip() == null ? List.of() : request.resourcesToSkip();
        return ResponseEntity.accepted().body(deployments.continueRollback(id, skip));
    }

    private static Caller caller(Principal principal) {
        return Caller.of(principal);
    }
}
