package dev.sluice.controlplane.deploy;

import static dev.sluice.controlplane.jdbc.Columns.instant;
import static dev.sluice.controlplane.jdbc.Columns.optional;
import static dev.sluice.controlplane.jdbc.Columns.truncate;
import static dev.sluice.controlplane.jdbc.Columns.utc;

import dev.sluice.controlplane.jdbc.Columns;
import dev.sluice.controlplane.security.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments, their changes, events and claims. Every change is a compare-and-set on the row's
 * version, so two threads or two replicas never both move one deployment: the second one's update
 * matches no row and it backs off.
 */
@Repository
class DeploymentRepository {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeploymentRepository(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.events = events;
    }

    record NewDeployment(
            String id,
            String environment,
            StackKind stack,
            String stackName,
            DeploymentAction action,
            DeploymentStatus status,
            Caller requestedBy,
            Optional<String> after,
            Optional<PinnedContent> pinned,
            boolean holdForApproval) {
        NewDeployment(
                String id,
                String environment,
                StackKind stack,
                String stackName,
                DeploymentAction action,
                DeploymentStatus status,
                Caller requestedBy,
                Optional<String> after) {
            this(id, environment, stack, stackName, action, status, requestedBy, after, Optional.empty(), false);
        }
    }

    /**
     * Stores the deployments of one request and claims their stacks, all or nothing.
     *
     * @throws StackClaimedException when a stack is claimed by an unfinished deployment
     */
    @Transactional
    void insertClaimed(List<NewDeployment> deployments) {
        Instant now = clock.instant();
        for (NewDeployment d : deployments) {
            jdbc.sql("""
                    insert into deployment (id, environment, stack, stack_name, action, status, requested_by,
                        requested_by_id, after_deployment, template_digest, jar_digest, parameters_digest, hold_for_approval, created_at,
                        updated_at)
                    values (:id, :environment, :stack, :stackName, :action, :status, :requestedBy, :requestedById, :after,
                        :templateDigest, :jarDigest, :parametersDigest, :hold, :now, :now)
                    """)
                    .param("id", d.id())
                    .param("environment", d.environment())
                    .param("stack", d.stack().id())
                    .param("stackName", d.stackName())
                    .param("action", d.action().name())
                    .param("status", d.status().name())
                    .param("requestedBy", d.requestedBy().name())
                    .param("requestedById", d.requestedBy().id())
                    .param("after", d.after().orElse(null), java.sql.Types.VARCHAR)
                    .param(
                            "templateDigest",
                            d.pinned().map(PinnedContent::templateDigest).orElse(null),
                            java.sql.Types.VARCHAR)
                    .param(
                            "jarDigest",
                            d.pinned().flatMap(PinnedContent::jarDigest).orElse(null),
                            java.sql.Types.VARCHAR)
                    .param(
                            "parametersDigest",
                            d.pinned().flatMap(PinnedContent::parametersDigest).orElse(null),
                            java.sql.Types.VARCHAR)
                    .param("hold", d.holdForApproval())
                    .param("now", utc(now))
                    .update();
            try {
                jdbc.sql("""
                        insert into deployment_claim (environment, stack, deployment_id, claimed_at)
                        values (:environment, :stack, :id, :now)
                        """)
                        .param("environment", d.environment())
                        .param("stack", d.stack().id())
                        .param("id", d.id())
                        .param("now", utc(now))
                        .update();
            } catch (DuplicateKeyException e) {
                // The transaction is spoilt (PostgreSQL aborts it); the caller looks up the holder after rollback.
                throw new StackClaimedException(d.environment(), d.stack());
            }
        }
    }

    /** A stack of the request is claimed by an unfinished deployment; nothing of the request was stored. */
    static final class StackClaimedException extends RuntimeException {
        final String environment;
        final StackKind stack;

        StackClaimedException(String environment, StackKind stack) {
            super("the " + stack.id() + " stack of " + environment + " is claimed");
            this.environment = environment;
            this.stack = stack;
        }
    }

    Optional<String> claimHolder(String environment, StackKind stack) {
        return jdbc.sql("select deployment_id from deployment_claim where environment = :e and stack = :s")
                .param("e", environment)
                .param("s", stack.id())
                .query(String.class)
                .optional();
    }

    Optional<Deployment> find(String id) {
        return jdbc.sql("select * from deployment where id = :id")
                .param("id", id)
                .query(DeploymentRepository::deployment)
                .optional();
    }

    Deployment get(String id) {
        return find(id).orElseThrow(() -> new DeploymentNotFoundException(id));
    }

    List<Deployment> history(Optional<String> environment, int limit) {
        String where = environment.isPresent() ? "where environment = :environment " : "";
        var statement = jdbc.sql("select * from deployment " + where + "order by created_at desc, id desc limit :limit")
                .param("limit", limit);
        if (environment.isPresent()) {
            statement = statement.param("environment", environment.get());
        }
        return statement.query(DeploymentRepository::deployment).list();
    }

    List<Deployment> withStatus(Collection<DeploymentStatus> statuses) {
        return jdbc.sql("select * from deployment where status in (:statuses) order by created_at")
                .param("statuses", statuses.stream().map(Enum::name).toList())
                .query(DeploymentRepository::deployment)
                .list();
    }

    List<Deployment> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from deployment where id in (:ids)")
                .param("ids", ids)
                .query(DeploymentRepository::deployment)
                .list();
    }

    List<Deployment> waitingFor(String id) {
        return jdbc.sql("select * from deployment where after_deployment = :id and status = 'QUEUED'")
                .param("id", id)
                .query(DeploymentRepository::deployment)
                .list();
    }

    /** A change of a deployment as stored, made at {@code now}. */
    @FunctionalInterface
    interface Change {
        Deployment apply(Deployment current, Instant now);
    }

    /** Moves a deployment from one status to another; false when it was no longer in {@code from}. */
    @Transactional
    boolean transition(String id, DeploymentStatus from, DeploymentStatus to) {
        return update(id, from, (d, now) -> d.to(to, now));
    }

    /**
     * Applies {@code change} to the deployment as stored if it is still in {@code from}, and saves
     * the result over the version it read; false when it was in another status or moved meanwhile.
     */
    @Transactional
    boolean update(String id, DeploymentStatus from, Change change) {
        Optional<Deployment> current = find(id).filter(d -> d.status() == from);
        if (current.isEmpty()) {
            return false;
        }
        return save(current.get(), change.apply(current.get(), clock.instant()));
    }

    /**
     * Writes {@code after} if the deployment is still the version {@code before} was read as; false
     * when another thread or replica saved it first. When {@code after} ends the deployment its
     * claim on the stack is released in the same transaction.
     */
    @Transactional
    boolean save(Deployment before, Deployment after) {
        if (before.status() != after.status() && !before.status().canMoveTo(after.status())) {
            throw new IllegalDeploymentTransitionException(before.id(), before.status(), after.status());
        }
        Deployment.Outcome o = after.outcome();
        Deployment.Timings t = after.timings();
        Optional<Deployment.ChangeSet> cs = after.changeSet();
        int rows = jdbc.sql("""
                        update deployment set
                            status = :status, approved_by = :approvedBy,
                            change_set_name = :changeSetName, change_set_id = :changeSetId, change_set_type = :changeSetType,
                            asset_key = :assetKey, events_after = :eventsAfter, stack_status = :stackStatus,
                            failed_resource = :failedResource, failure_reason = :failureReason, remedy = :remedy,
                            warning = :warning, planned_at = :plannedAt, decided_at = :decidedAt, started_at = :startedAt,
                            finished_at = :finishedAt, updated_at = :now, row_version = :version + 1
                        where id = :id and row_version = :version
                        """)
                .param("id", before.id())
                .param("version", before.version())
                .param("status", after.status().name())
                .param("approvedBy", text(after.approvedBy()), Types.VARCHAR)
                .param("changeSetName", text(cs.map(Deployment.ChangeSet::name)), Types.VARCHAR)
                .param("changeSetId", text(cs.flatMap(Deployment.ChangeSet::id)), Types.VARCHAR)
                .param("changeSetType", text(cs.flatMap(Deployment.ChangeSet::type)), Types.VARCHAR)
                .param("assetKey", text(after.assetKey()), Types.VARCHAR)
                .param("eventsAfter", text(after.eventsAfter()), Types.VARCHAR)
                .param("stackStatus", text(o.stackStatus()), Types.VARCHAR)
                .param("failedResource", text(o.failedResource()), Types.VARCHAR)
                .param("failureReason", truncate(text(o.failureReason())), Types.VARCHAR)
                .param("remedy", truncate(text(o.remedy())), Types.VARCHAR)
                .param("warning", truncate(text(o.warning())), Types.VARCHAR)
                .param("plannedAt", time(t.planned()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("decidedAt", time(t.decided()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("startedAt", time(t.started()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("finishedAt", time(t.finished()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("now", utc(clock.instant()))
                .update();
        if (rows == 0) {
            return false;
        }
        if (after.status().isTerminal()) {
            jdbc.sql("delete from deployment_claim where deployment_id = :id")
                    .param("id", after.id())
                    .update();
        }
        // A note on a deployment that has ended already (a warning) neither ends it again nor counts.
        if (before.status() != after.status()
                && (after.status().isTerminal() || after.status() == DeploymentStatus.ROLLBACK_FAILED)) {
            events.publishEvent(DeploymentEnded.of(after));
        }
        return true;
    }

    private static String text(Optional<String> value) {
        return value.orElse(null);
    }

    private static OffsetDateTime time(Optional<Instant> value) {
        return value.map(Columns::utc).orElse(null);
    }

    void replaceChanges(String id, List<PlannedChange> changes) {
        jdbc.sql("delete from deployment_change where deployment_id = :id")
                .param("id", id)
                .update();
        for (int i = 0; i < changes.size(); i++) {
            PlannedChange c = changes.get(i);
            jdbc.sql("""
                    insert into deployment_change (deployment_id, position, kind, action, logical_id, physical_id,
                        resource_type, replacement, details)
                    values (:id, :position, :kind, :action, :logicalId, :physicalId, :resourceType, :replacement,
                        :details)
                    """)
                    .param("id", id)
                    .param("position", i)
                    .param("kind", c.kind().name())
                    .param("action", c.action())
                    .param("logicalId", c.logicalId())
                    .param("physicalId", c.physicalId().orElse(null))
                    .param("resourceType", c.resourceType().orElse(null))
                    .param("replacement", c.replacement().orElse(null))
                    .param("details", truncate(c.details().orElse(null)))
                    .update();
        }
    }

    List<PlannedChange> changes(String id) {
        return jdbc.sql("select * from deployment_change where deployment_id = :id order by position")
                .param("id", id)
                .query((rs, n) -> new PlannedChange(
                        PlannedChange.Kind.valueOf(rs.getString("kind")),
                        rs.getString("action"),
                        rs.getString("logical_id"),
                        optional(rs, "physical_id"),
                        optional(rs, "resource_type"),
                        optional(rs, "replacement"),
                        optional(rs, "details")))
                .list();
    }

    /** Stores events not stored yet (following resumes after a restart without duplicates). */
    void addEvents(String id, List<StackEvent> events) {
        for (StackEvent e : events) {
            try {
                jdbc.sql("""
                        insert into deployment_event (deployment_id, event_id, received, occurred_at, logical_id,
                            physical_id, resource_type, status, reason)
                        values (:id, :eventId,
                            (select coalesce(max(received), 0) + 1 from deployment_event where deployment_id = :id),
                            :occurredAt, :logicalId, :physicalId, :resourceType, :status, :reason)
                        """)
                        .param("id", id)
                        .param("eventId", e.eventId())
                        .param("occurredAt", utc(e.occurredAt()))
                        .param("logicalId", e.logicalId())
                        .param("physicalId", e.physicalId().orElse(null))
                        .param("resourceType", e.resourceType().orElse(null))
                        .param("status", e.status())
                        .param("reason", truncate(e.reason().orElse(null)))
                        .update();
            } catch (DuplicateKeyException alreadyStored) {
                // seen before a restart
            }
        }
    }

    List<StackEvent> events(String id) {
        return jdbc.sql("select * from deployment_event where deployment_id = :id order by received")
                .param("id", id)
                .query((rs, n) -> new StackEvent(
                        rs.getString("event_id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("logical_id"),
                        optional(rs, "physical_id"),
                        optional(rs, "resource_type"),
                        rs.getString("status"),
                        optional(rs, "reason")))
                .list();
    }

    private static Deployment deployment(ResultSet rs, int row) throws SQLException {
        Optional<String> changeSetName = optional(rs, "change_set_name");
        Optional<Deployment.ChangeSet> changeSet = changeSetName.isEmpty()
                ? Optional.empty()
                : Optional.of(new Deployment.ChangeSet(
                        changeSetName.get(), optional(rs, "change_set_id"), optional(rs, "change_set_type")));
        return new Deployment(
                rs.getString("id"),
                DeploymentStatus.valueOf(rs.getString("status")),
                new Deployment.Request(
                        rs.getString("environment"),
                        StackKind.of(rs.getString("stack")),
                        rs.getString("stack_name"),
                        DeploymentAction.valueOf(rs.getString("action")),
                        rs.getString("requested_by"),
                        optional(rs, "requested_by_id"),
                        optional(rs, "after_deployment"),
                        pinned(rs),
                        rs.getBoolean("hold_for_approval")),
                optional(rs, "approved_by"),
                changeSet,
                optional(rs, "asset_key"),
                new Deployment.Outcome(
                        optional(rs, "stack_status"),
                        optional(rs, "failed_resource"),
                        optional(rs, "failure_reason"),
                        optional(rs, "remedy"),
                        optional(rs, "warning")),
                new Deployment.Timings(
                        instant(rs, "created_at").orElseThrow(),
                        instant(rs, "planned_at"),
                        instant(rs, "decided_at"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at")),
                optional(rs, "events_after"),
                rs.getLong("row_version"));
    }

    private static Optional<PinnedContent> pinned(ResultSet rs) throws SQLException {
        Optional<String> jar = optional(rs, "jar_digest");
        Optional<String> parameters = optional(rs, "parameters_digest");
        return optional(rs, "template_digest").map(template -> new PinnedContent(template, jar, parameters));
    }
}
