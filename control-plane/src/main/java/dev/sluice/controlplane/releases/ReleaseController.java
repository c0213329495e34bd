package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/v1/releases}: start a release from CI, follow it, decide its gates; and
 * {@code /api/v1/environments/{environment}/rollback}.
 */
@RestController
class ReleaseController {

    static final String ANONYMOUS = "anonymous";

    private final ReleaseService releases;

    ReleaseController(ReleaseService releases) {
        this.releases = releases;
    }

    @PostMapping(path = "/api/v1/releases", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Start a release of a track from artifacts at s3:// URIs (RELEASER); the same track and"
                    + " commit again answers the release started the first time")
    ResponseEntity<Release> start(@Valid @RequestBody ReleaseRequest request, Principal principal) {
        return accepted(releases.start(request, ReleaseService.Uploads.none(), caller(principal)));
    }

    @PostMapping(path = "/api/v1/releases", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Start a release with uploaded artifacts (RELEASER): part 'release' is the JSON request,"
                    + " parts 'template', 'parameters' and 'glueJobJar' the files")
    ResponseEntity<Release> startWithUploads(
            @Valid @RequestPart("release") ReleaseRequest request,
            @RequestPart(name = "template", required = false) MultipartFile template,
            @RequestPart(name = "parameters", required = false) MultipartFile parameters,
            @RequestPart(name = "glueJobJar", required = false) MultipartFile glueJobJar,
            Principal principal) {
        ReleaseService.Uploads uploads = new ReleaseService.Uploads(
                Optional.ofNullable(template), Optional.ofNullable(parameters), Optional.ofNullable(glueJobJar));
        return accepted(releases.start(request, uploads, caller(principal)));
    }

    @GetMapping("/api/v1/releases")
    @Operation(summary = "List releases, newest first, each with its stages")
    List<Release> list(
            @Parameter(schema = @Schema(allowableValues = {"infrastructure", "application"})) @RequestParam
                    Optional<String> track,
            @RequestParam(defaultValue = "50") int limit) {
        return releases.list(track, limit);
    }

    @GetMapping("/api/v1/releases/{id}")
    @Operation(summary = "One release: its stages, gates, approvers, timings and the change set of each stage")
    ReleaseDetail get(@PathVariable String id) {
        return releases.detail(id);
    }

    @PostMapping("/api/v1/releases/{id}/stages/{environment}/approve")
    @Operation(summary = "Approve the gate of a release's stage (APPROVER, not the release's requester)")
    Release approve(@PathVariable String id, @PathVariable String environment, Principal principal) {
        return releases.approve(id, environment, caller(principal));
    }

    @PostMapping("/api/v1/releases/{id}/stages/{environment}/reject")
    @Operation(summary = "Reject the gate of a release's stage (APPROVER, not the release's requester)")
    Release reject(@PathVariable String id, @PathVariable String environment, Principal principal) {
        return releases.reject(id, environment, caller(principal));
    }

    @PostMapping("/api/v1/environments/{environment}/rollback")
    @Operation(
            summary = "Redeploy the release of a track applied in the environment before the current one"
                    + " (RELEASER); it runs as a release of one stage")
    ResponseEntity<Release> rollback(
            @PathVariable String environment,
            @Parameter(schema = @Schema(allowableValues = {"infrastructure", "application"})) @RequestParam
                    String track,
            Principal principal) {
        return accepted(releases.rollback(environment, track, caller(principal)));
    }

    private static ResponseEntity<Release> accepted(Release release) {
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/releases/" + release.id()))
                .body(release);
    }

    private static Caller caller(Principal principal) {
        return Caller.of(principal);
    }
}
