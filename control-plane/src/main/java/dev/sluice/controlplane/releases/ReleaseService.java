package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.deploy.DeploymentService;
import dev.sluice.controlplane.deploy.PlannedChange;
import dev.sluice.controlplane.environments.Environments;
import dev.sluice.controlplane.security.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Sluice's releases: start one from CI (idempotent per track and commit), decide its gates, roll an
 * environment back to the previous release of a track, and read them.
 */
@Service
public class ReleaseService {

    private final ReleaseRepository repository;
    private final ReleaseConductor conductor;
    private final ArtifactStore store;
    private final ArtifactSources sources;
    private final DeploymentService deployments;
    private final Environments environments;
    private final ReleasesProperties properties;

    ReleaseService(
            ReleaseRepository repository,
            ReleaseConductor conductor,
            ArtifactStore store,
            ArtifactSources sources,
            DeploymentService deployments,
            Environments environments,
            ReleasesProperties properties) {
        this.repository = repository;
        this.conductor = conductor;
        this.store = store;
        this.sources = sources;
        this.deployments = deployments;
        this.environments = environments;
        this.properties = properties;
    }

    /** Uploaded artifacts by part name (template, parameters, glueJobJar); empty for a JSON request. */
    public record Uploads(
            Optional<MultipartFile> template, Optional<MultipartFile> parameters, Optional<MultipartFile> glueJobJar) {
        public static Uploads none() {
            return new Uploads(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Starts a release, or finds the one started before for the same track and commit.
     *
     * @throws ReleaseConflictException when no path is configured, or the commit was released with other artifacts
     */
    public Release start(ReleaseRequest request, Uploads uploads, Caller requester) {
        List<ReleaseRepository.NewStage> stages = pathStages(properties.path());
        ReleaseTrack track = ReleaseTrack.parse(request.track());
        String commit = request.commit().toLowerCase(Locale.ROOT);
        String key = track.id() + ":" + commit;
        Optional<Release> existing = repository.findByKey(key);
        if (existing.isPresent()) {
            return same(existing.get(), request);
        }
        if (track == ReleaseTrack.INFRASTRUCTURE && request.artifacts().glueJobJar() != null) {
            throw new InvalidReleaseRequestException("artifacts.glueJobJar", "is for application releases only");
        }
        if (track == ReleaseTrack.INFRASTRUCTURE && request.requiresInfrastructure() != null) {
            throw new InvalidReleaseRequestException("requiresInfrastructure", "is for application releases only");
        }
        if (track == ReleaseTrack.APPLICATION && request.artifacts().glueJobJar() == null) {
            throw new InvalidReleaseRequestException("artifacts.glueJobJar", "is required for an application release");
        }
        String templateDigest = keepTemplate(request.artifacts().template(), uploads.template());
        Optional<String> parametersDigest = Optional.ofNullable(
                        request.artifacts().parameters())
                .map(parameters -> keepParameters(parameters, uploads.parameters(), stages));
        Optional<String> jarDigest = track == ReleaseTrack.APPLICATION
                ? Optional.of(keepJar(request.artifacts().glueJobJar(), uploads.glueJobJar()))
                : Optional.empty();
        String id = UUID.randomUUID().toString();
        try {
            repository.insert(new ReleaseRepository.NewRelease(
                    id,
                    track,
                    request.version(),
                    commit,
                    Optional.of(key),
                    requester,
                    templateDigest,
                    parametersDigest,
                    jarDigest,
                    Optional.ofNullable(request.requiresInfrastructure()).filter(v -> !v.isBlank()),
                    Optional.empty(),
                    stages));
        } catch (DuplicateKeyException sameCallMeanwhile) {
            return same(repository.findByKey(key).orElseThrow(), request);
        }
        return begin(repository.get(id));
    }

    /**
     * Redeploys, in one environment, the release of the track that was applied there before the
     * current one: a new release (a rollback) with that release's pinned content.
     */
    public Release rollback(String environment, String track, Caller requester) {
        ReleaseTrack parsed = ReleaseTrack.parse(track);
        environments.require(environment);
        List<Release> applied = repository.appliedIn(environment, parsed);
        if (applied.isEmpty()) {
            throw new ReleaseConflictException("no " + parsed.id() + " release was applied in " + environment);
        }
        Release current = applied.get(0);
        Release previous = applied.stream()
                .skip(1)
                .filter(r -> !r.artifacts().equals(current.artifacts()))
                .findFirst()
                .orElseThrow(() -> new ReleaseConflictException("no earlier " + parsed.id() + " release than "
                        + current.version() + " was applied in " + environment + "; nothing to roll back to"));
        String id = UUID.randomUUID().toString();
        repository.insert(new ReleaseRepository.NewRelease(
                id,
                parsed,
                previous.version(),
                previous.commit(),
                Optional.empty(),
                requester,
                previous.artifacts().templateDigest(),
                previous.artifacts().parametersDigest(),
                previous.artifacts().glueJobJarDigest(),
                Optional.empty(),
                Optional.of(current.id()),
                List.of(new ReleaseRepository.NewStage(environment, gate(environment)))));
        return begin(repository.get(id));
    }

    public Release approve(String id, String environment, Caller approver) {
        Release.Stage stage = awaitingDecision(id, environment);
        deployments.approve(stage.deploymentId().orElseThrow(), approver);
        conductor.advance(id);
        return repository.get(id);
    }

    public Release reject(String id, String environment, Caller approver) {
        Release.Stage stage = awaitingDecision(id, environment);
        deployments.reject(stage.deploymentId().orElseThrow(), approver);
        conductor.advance(id);
        return repository.get(id);
    }

    /** Newest first. */
    public List<Release> list(Optional<String> track, int limit) {
        return repository.list(track.map(ReleaseTrack::parse), Math.max(1, Math.min(limit, 200)));
    }

    public ReleaseDetail detail(String id) {
        Release release = repository.get(id);
        Map<String, List<PlannedChange>> changes = new LinkedHashMap<>();
        for (Release.Stage stage : release.stages()) {
            stage.deploymentId()
                    .ifPresent(d -> changes.put(
                            stage.environment(), deployments.detail(d).changes()));
        }
        return new ReleaseDetail(release, changes);
    }

    /** The newer release replaces every older running one of its track that waits (or as soon as it does). */
    private Release begin(Release release) {
        for (Release older : repository.runningOlderThan(release.track(), release.sequence())) {
            repository.markSupersededBy(older.id(), release.id());
            conductor.advance(older.id());
        }
        conductor.advance(release.id());
        return repository.get(release.id());
    }

    private List<ReleaseRepository.NewStage> pathStages(List<String> path) {
        if (path.isEmpty()) {
            throw new ReleaseConflictException(
                    "releases are off: no release path is configured (sluice.releases.path, e.g. [dev, prod])");
        }
        return path.stream()
                .map(environment -> {
                    if (environments.find(environment).isEmpty()) {
                        throw new ReleaseConflictException("sluice.releases.path names environment " + environment
                                + ", which is not configured; configured: " + environments.names());
                    }
                    return new ReleaseRepository.NewStage(environment, gate(environment));
                })
                .toList();
    }

    private Release.Gate gate(String environment) {
        ReleasesProperties.Gate gate = properties.gate(environment);
        return new Release.Gate(gate.approval(), gate.smokeCheck());
    }

    private Release.Stage awaitingDecision(String id, String environment) {
        Release release = repository.get(id);
        Release.Stage stage = release.stages().stream()
                .filter(s -> s.environment().equals(environment))
                .findFirst()
                .orElseThrow(() -> new ReleaseNotFoundException(
                        "release " + id + " has no stage in environment '" + environment + "'"));
        if (stage.status() != StageStatus.AWAITING_APPROVAL) {
            throw new ReleaseConflictException("the " + environment + " stage of release " + id + " is "
                    + stage.status() + ", not AWAITING_APPROVAL");
        }
        return stage;
    }

    /** The same call again: the release it made, if it pins the same content. */
    private static Release same(Release existing, ReleaseRequest request) {
        boolean sameTemplate = existing.artifacts()
                .templateDigest()
                .equalsIgnoreCase(request.artifacts().template().sha256());
        boolean sameJar = request.artifacts().glueJobJar() == null
                ? existing.artifacts().glueJobJarDigest().isEmpty()
                : existing.artifacts()
                        .glueJobJarDigest()
                        .map(d -> d.equalsIgnoreCase(
                                request.artifacts().glueJobJar().sha256()))
                        .orElse(false);
        boolean sameParameters = request.artifacts().parameters() == null
                ? existing.artifacts().parametersDigest().isEmpty()
                : existing.artifacts()
                        .parametersDigest()
                        .map(d -> d.equalsIgnoreCase(
                                request.artifacts().parameters().sha256()))
                        .orElse(false);
        if (!sameTemplate || !sameJar || !sameParameters) {
            throw new ReleaseConflictException("commit " + existing.commit() + " of the "
                    + existing.track().id()
                    + " track was released before as " + existing.id() + " with other artifacts;"
                    + " a commit is released once");
        }
        return existing;
    }

    private String keepTemplate(ReleaseRequest.Artifact artifact, Optional<MultipartFile> upload) {
        try (InputStream in = open("artifacts.template", artifact, upload)) {
            return store.keepTemplate(
                    "artifacts.template", in.readNBytes(ArtifactStore.MAX_DOCUMENT_BYTES + 1), artifact.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String keepParameters(
            ReleaseRequest.Artifact artifact, Optional<MultipartFile> upload, List<ReleaseRepository.NewStage> stages) {
        try (InputStream in = open("artifacts.parameters", artifact, upload)) {
            return store.keepParameters(
                    "artifacts.parameters",
                    in.readNBytes(ArtifactStore.MAX_DOCUMENT_BYTES + 1),
                    artifact.sha256(),
                    stages.stream().map(ReleaseRepository.NewStage::environment).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String keepJar(ReleaseRequest.Artifact artifact, Optional<MultipartFile> upload) {
        try (InputStream in = open("artifacts.glueJobJar", artifact, upload)) {
            String digest = store.keepJar("artifacts.glueJobJar", in, artifact.sha256());
            if (upload.isEmpty()) {
                repository.rememberJarSource(digest, artifact.uri());
            }
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream open(String field, ReleaseRequest.Artifact artifact, Optional<MultipartFile> upload)
            throws IOException {
        boolean hasUri = artifact.uri() != null && !artifact.uri().isBlank();
        if (hasUri && upload.isPresent()) {
            throw new InvalidReleaseRequestException(field, "is both uploaded and given by uri; send one");
        }
        if (upload.isPresent()) {
            return upload.get().getInputStream();
        }
        if (!hasUri) {
            throw new InvalidReleaseRequestException(
                    field, "needs a uri (s3://bucket/key) or an uploaded part of that name");
        }
        return sources.open(field, artifact.uri());
    }
}
