package dev.sluice.controlplane.releases;

import static dev.sluice.controlplane.jdbc.Columns.instant;
import static dev.sluice.controlplane.jdbc.Columns.optional;
import static dev.sluice.controlplane.jdbc.Columns.truncate;
import static dev.sluice.controlplane.jdbc.Columns.utc;

import dev.sluice.controlplane.deploy.Deployment;
import dev.sluice.controlplane.deploy.DeploymentService;
import dev.sluice.controlplane.jdbc.Columns;
import dev.sluice.controlplane.security.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Releases, their stages and pinned templates. A release's status change is a compare-and-set on
 * its previous status, a stage's change one on the stage row's version, so two threads or replicas
 * never both move one release or stage. A list of releases loads all their stages in one query.
 */
@Repository
class ReleaseRepository {

    private final JdbcClient jdbc;
    private final DeploymentService deployments;
    private final Clock clock;

    ReleaseRepository(JdbcClient jdbc, DeploymentService deployments, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.deployments = deployments;
    }

    record NewRelease(
            String id,
            ReleaseTrack track,
            String version,
            String commit,
            Optional<String> idempotencyKey,
            Caller requestedBy,
            String templateDigest,
            Optional<String> parametersDigest,
            Optional<String> jarDigest,
            Optional<String> requiresInfrastructure,
            Optional<String> rollbackOf,
            List<NewStage> stages) {}

    record NewStage(String environment, Release.Gate gate) {}

    /** Keeps a document by its digest; called outside any transaction, so a racing twin is harmless. */
    void storeDocument(String digest, String body) {
        try {
            jdbc.sql("""
                    insert into release_document (digest, body, created_at)
                    select :digest, :body, :now where not exists (select 1 from release_document where digest = :digest)
                    """)
                    .param("digest", digest)
                    .param("body", body)
                    .param("now", utc(clock.instant()))
                    .update();
        } catch (DuplicateKeyException sameContentStoredMeanwhile) {
            // the digest is the content: the row another call stored is this one
        }
    }

    Optional<String> document(String digest) {
        return jdbc.sql("select body from release_document where digest = :digest")
                .param("digest", digest)
                .query(String.class)
                .optional();
    }

    void rememberJarSource(String digest, String uri) {
        try {
            jdbc.sql("""
                    insert into release_jar_source (digest, uri)
                    select :digest, :uri where not exists (select 1 from release_jar_source where digest = :digest)
                    """).param("digest", digest).param("uri", uri).update();
        } catch (DuplicateKeyException sameJarRememberedMeanwhile) {
            // any source of these bytes will do
        }
    }

    Optional<String> jarSource(String digest) {
        return jdbc.sql("select uri from release_jar_source where digest = :digest")
                .param("digest", digest)
                .query(String.class)
                .optional();
    }

    /** @throws DuplicateKeyException when a release with the same idempotency key exists */
    @Transactional
    void insert(NewRelease r) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into release (id, track, version, commit_sha, idempotency_key, status, requested_by, requested_by_id,
                    template_digest, parameters_digest, jar_digest, requires_infrastructure, rollback_of, created_at,
                    updated_at)
                values (:id, :track, :version, :commit, :key, 'RUNNING', :requestedBy, :requestedById, :template, :parameters, :jar,
                    :requires, :rollbackOf, :now, :now)
                """)
                .param("id", r.id())
                .param("track", r.track().name())
                .param("version", r.version())
                .param("commit", r.commit())
                .param("key", r.idempotencyKey().orElse(null), Types.VARCHAR)
                .param("requestedBy", r.requestedBy().name())
                .param("requestedById", r.requestedBy().id())
                .param("template", r.templateDigest())
                .param("parameters", r.parametersDigest().orElse(null), Types.VARCHAR)
                .param("jar", r.jarDigest().orElse(null), Types.VARCHAR)
                .param("requires", r.requiresInfrastructure().orElse(null), Types.VARCHAR)
                .param("rollbackOf", r.rollbackOf().orElse(null), Types.VARCHAR)
                .param("now", utc(now))
                .update();
        for (int i = 0; i < r.stages().size(); i++) {
            NewStage s = r.stages().get(i);
            jdbc.sql("""
                    insert into release_stage (release_id, position, environment, status, approval_required,
                        smoke_check, updated_at)
                    values (:id, :position, :environment, 'PENDING', :approval, :smoke, :now)
                    """)
                    .param("id", r.id())
                    .param("position", i)
                    .param("environment", s.environment())
                    .param("approval", s.gate().approval())
                    .param("smoke", s.gate().smokeCheck())
                    .param("now", utc(now))
                    .update();
        }
    }

    Optional<Release> find(String id) {
        return jdbc.sql("select * from release where id = :id")
                .param("id", id)
                .query(ReleaseRepository::release)
                .optional()
                .map(r -> withStages(List.of(r)).get(0));
    }

    Release get(String id) {
        return find(id).orElseThrow(() -> new ReleaseNotFoundException("no release " + id));
    }

    Optional<Release> findByKey(String idempotencyKey) {
        return jdbc.sql("select * from release where idempotency_key = :key")
                .param("key", idempotencyKey)
                .query(ReleaseRepository::release)
                .optional()
                .map(r -> withStages(List.of(r)).get(0));
    }

    /** Newest first. */
    List<Release> list(Optional<ReleaseTrack> track, int limit) {
        String where = track.isPresent() ? "where track = :track " : "";
        var statement = jdbc.sql("select * from release " + where + "order by seq desc limit :limit")
                .param("limit", limit);
        if (track.isPresent()) {
            statement = statement.param("track", track.get().name());
        }
        return withStages(statement.query(ReleaseRepository::release).list());
    }

    /** Oldest first. */
    List<Release> running() {
        return withStages(jdbc.sql("select * from release where status = 'RUNNING' order by seq")
                .query(ReleaseRepository::release)
                .list());
    }

    List<Release> runningOlderThan(ReleaseTrack track, long sequence) {
        return withStages(jdbc.sql(
                        "select * from release where status = 'RUNNING' and track = :track and seq < :seq order by seq")
                .param("track", track.name())
                .param("seq", sequence)
                .query(ReleaseRepository::release)
                .list());
    }

    /**
     * The releases of a track whose content the environment's stack took, newest applied first: the
     * stage's deployment succeeded (or found the stack already so), whatever its smoke gate said
     * after, since a failed smoke check leaves that content deployed.
     */
    List<Release> appliedIn(String environment, ReleaseTrack track) {
        record Staged(String deploymentId, Release release) {}
        List<Staged> staged = jdbc.sql("""
                        select s.deployment_id as staged_deployment, r.* from release r
                        join release_stage s on s.release_id = r.id
                        where s.environment = :environment and r.track = :track and s.deployment_id is not null
                        """)
                .param("environment", environment)
                .param("track", track.name())
                .query((rs, n) -> new Staged(rs.getString("staged_deployment"), release(rs, n)))
                .list();
        Map<String, Release> loaded = withStages(
                        staged.stream().map(Staged::release).toList())
                .stream()
                .collect(Collectors.toMap(Release::id, r -> r, (a, b) -> a));
        // The deployment's outcome and end are deploy's to tell; newest applied first, as the
        // database ordered them when this was one join (descending puts a missing end first).
        Map<String, Optional<Instant>> finished =
                deployments
                        .applied(staged.stream()
                                .map(Staged::deploymentId)
                                .distinct()
                                .toList())
                        .stream()
                        .collect(Collectors.toMap(
                                Deployment::id, d -> d.timings().finished()));
        Comparator<Staged> newestFirst = Comparator.comparing(
                        (Staged s) -> finished.get(s.deploymentId()).orElse(null),
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .reversed()
                .thenComparing(s -> s.release().sequence(), Comparator.reverseOrder());
        return staged.stream()
                .filter(s -> finished.containsKey(s.deploymentId()))
                .sorted(newestFirst)
                .map(s -> loaded.get(s.release().id()))
                .toList();
    }

    /** Whether a release stage follows this deployment. */
    boolean namesDeployment(String deploymentId) {
        return jdbc.sql("select count(*) from release_stage where deployment_id = :id")
                        .param("id", deploymentId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The oldest release of the track with this version label. */
    Optional<Release> byVersion(ReleaseTrack track, String version) {
        return jdbc.sql("select * from release where track = :track and version = :version order by seq limit 1")
                .param("track", track.name())
                .param("version", version)
                .query(ReleaseRepository::release)
                .optional()
                .map(r -> withStages(List.of(r)).get(0));
    }

    @Transactional
    boolean finish(String id, ReleaseStatus to, String reason) {
        Instant now = clock.instant();
        int rows = jdbc.sql("""
                        update release set status = :to, failure_reason = coalesce(cast(:reason as varchar(4000)),
                            failure_reason), finished_at = :now, updated_at = :now
                        where id = :id and status = 'RUNNING'
                        """)
                .param("id", id)
                .param("to", to.name())
                .param("reason", truncate(reason), Types.VARCHAR)
                .param("now", utc(now))
                .update();
        if (rows == 1) {
            // Stages that never started will not: they show why.
            jdbc.sql("""
                    update release_stage set status = :stageStatus, finished_at = :now, updated_at = :now,
                        row_version = row_version + 1
                    where release_id = :id and status in ('PENDING', 'WAITING_FOR_INFRASTRUCTURE')
                    """)
                    .param("id", id)
                    .param("stageStatus", to == ReleaseStatus.SUPERSEDED ? "SUPERSEDED" : "CANCELLED")
                    .param("now", utc(now))
                    .update();
        }
        return rows == 1;
    }

    /** Takes (or extends) the release's lease for {@code owner}; false while another replica holds it. */
    boolean lease(String id, String owner, Duration duration) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        update release set lease_owner = :owner, lease_until = :until
                        where id = :id and (lease_owner is null or lease_owner = :owner or lease_until < :now)
                        """)
                        .param("id", id)
                        .param("owner", owner)
                        .param("until", utc(now.plus(duration)))
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    void releaseLease(String id, String owner) {
        jdbc.sql("update release set lease_owner = null, lease_until = null where id = :id and lease_owner = :owner")
                .param("id", id)
                .param("owner", owner)
                .update();
    }

    boolean markSupersededBy(String id, String newer) {
        return jdbc.sql("update release set superseded_by = :newer where id = :id and superseded_by is null")
                        .param("id", id)
                        .param("newer", newer)
                        .update()
                == 1;
    }

    /** A change of a stage as stored, made at {@code now}. */
    @FunctionalInterface
    interface StageChange {
        Release.Stage apply(Release.Stage current, Instant now);
    }

    /**
     * Applies {@code change} to the stage as stored if it is still in {@code from}, and saves the
     * result over the version it read; false when it was in another status or moved meanwhile.
     */
    @Transactional
    boolean updateStage(String releaseId, int position, StageStatus from, StageChange change) {
        Optional<Release.Stage> current = stage(releaseId, position).filter(s -> s.status() == from);
        if (current.isEmpty()) {
            return false;
        }
        return saveStage(releaseId, current.get(), change.apply(current.get(), clock.instant()));
    }

    /**
     * Writes {@code after} if the stage is still the version {@code before} was read as; false when
     * another thread or replica saved it first.
     */
    boolean saveStage(String releaseId, Release.Stage before, Release.Stage after) {
        if (before.status() != after.status() && !before.status().canMoveTo(after.status())) {
            throw new IllegalStageTransitionException(before.environment(), before.status(), after.status());
        }
        return jdbc.sql("""
                        update release_stage set
                            status = :status, deployment_id = :deploymentId, approved_by = :approvedBy,
                            decided_at = :decidedAt, smoke_object = :smokeObject, message = :message,
                            started_at = :startedAt, finished_at = :finishedAt, updated_at = :now,
                            row_version = :version + 1
                        where release_id = :id and position = :position and row_version = :version
                        """)
                        .param("id", releaseId)
                        .param("position", before.position())
                        .param("version", before.version())
                        .param("status", after.status().name())
                        .param("deploymentId", after.deploymentId().orElse(null), Types.VARCHAR)
                        .param("approvedBy", after.approvedBy().orElse(null), Types.VARCHAR)
                        .param("decidedAt", time(after.decided()), Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("smokeObject", after.smokeObject().orElse(null), Types.VARCHAR)
                        .param("message", truncate(after.message().orElse(null)), Types.VARCHAR)
                        .param("startedAt", time(after.started()), Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("finishedAt", time(after.finished()), Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("now", utc(clock.instant()))
                        .update()
                == 1;
    }

    Optional<Release.Stage> stage(String releaseId, int position) {
        return jdbc.sql("select * from release_stage where release_id = :id and position = :position")
                .param("id", releaseId)
                .param("position", position)
                .query(ReleaseRepository::stage)
                .optional();
    }

    private static OffsetDateTime time(Optional<Instant> value) {
        return value.map(Columns::utc).orElse(null);
    }

    private static Release release(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        Optional<String> jar = optional(rs, "jar_digest");
        return new Release(
                id,
                rs.getLong("seq"),
                ReleaseTrack.valueOf(rs.getString("track")),
                rs.getString("version"),
                rs.getString("commit_sha"),
                ReleaseStatus.valueOf(rs.getString("status")),
                rs.getString("requested_by"),
                optional(rs, "requested_by_id"),
                new Release.Artifacts(
                        rs.getString("template_digest"),
                        optional(rs, "parameters_digest"),
                        jar,
                        jar.map(dev.sluice.controlplane.deploy.AssetPublisher::glueJobJarKey)),
                optional(rs, "requires_infrastructure"),
                optional(rs, "rollback_of"),
                optional(rs, "superseded_by"),
                optional(rs, "failure_reason"),
                instant(rs, "created_at").orElseThrow(),
                instant(rs, "finished_at"),
                List.of());
    }

    /** The releases with their stages, loaded in one query for all of them. */
    private List<Release> withStages(List<Release> releases) {
        if (releases.isEmpty()) {
            return releases;
        }
        Map<String, List<Release.Stage>> stages = new HashMap<>();
        jdbc.sql("select * from release_stage where release_id in (:ids) order by release_id, position")
                .param("ids", releases.stream().map(Release::id).distinct().toList())
                .query((RowCallbackHandler)
                        rs -> stages.computeIfAbsent(rs.getString("release_id"), k -> new ArrayList<>())
                                .add(stage(rs, 0)));
        return releases.stream()
                .map(r -> r.withStages(stages.getOrDefault(r.id(), List.of())))
                .toList();
    }

    private static Release.Stage stage(ResultSet rs, int row) throws SQLException {
        return new Release.Stage(
                rs.getString("environment"),
                rs.getInt("position"),
                StageStatus.valueOf(rs.getString("status")),
                new Release.Gate(rs.getBoolean("approval_required"), rs.getBoolean("smoke_check")),
                optional(rs, "deployment_id"),
                optional(rs, "approved_by"),
                instant(rs, "decided_at"),
                optional(rs, "smoke_object"),
                optional(rs, "message"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getLong("row_version"));
    }
}
