package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.NotificationHealth;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The reconciliation sweep: lists a pipeline's input and records, through the same intake as a
 * notification, every matching object version the ledger lacks that is older than the grace. A
 * late notification for one of them then meets the unique key and is a harmless duplicate.
 */
@Service
public class Reconciler implements NotificationHealth {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final Pipelines pipelines;
    private final InputListing listing;
    private final FileArrivals arrivals;
    private final FileIntake intake;
    private final ReconcileStates states;
    private final ReconcileProperties properties;
    private final Clock clock;
    private final String replica = UUID.randomUUID().toString();

    Reconciler(
            Pipelines pipelines,
            InputListing listing,
            FileArrivals arrivals,
            FileIntake intake,
            ReconcileStates states,
            ReconcileProperties properties,
            Clock clock) {
        this.pipelines = pipelines;
        this.listing = listing;
        this.arrivals = arrivals;
        this.intake = intake;
        this.states = states;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sweeps at most {@code maxPages} pages from where the pass under way stands (or a new pass);
     * empty when another replica is sweeping this pipeline.
     */
    public Optional<SweepResult> sweep(Pipeline pipeline, int maxPages) {
        Optional<ReconcileState> leased = states.lease(pipeline.name(), replica, clock.instant(), properties.lease());
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        ReconcileState state = leased.get();
        try {
            Pass pass = new Pass(pipeline);
            boolean complete = pass.run(state.token(), maxPages);
            ReconcileState after = complete
                    ? state.passCompleted(pass.recorded, clock.instant())
                    : state.continuing(pass.token.orElseThrow(), pass.recorded);
            states.saveAndRelease(after, replica);
            SweepResult result = new SweepResult(
                    pipeline.name(),
                    pass.pages,
                    pass.listed,
                    pass.tooYoung,
                    pass.recorded,
                    complete,
                    after.notificationsLookBroken());
            report(result, after);
            return Optional.of(result);
        } catch (RuntimeException e) {
            states.saveAndRelease(state, replica);
            throw e;
        }
    }

    /** A new pass is due when none is under way and the last one completed an interval ago. */
    boolean due(Pipeline pipeline, Instant now) {
        var every = pipeline.settings().reconcile().every();
        if (every.isEmpty()) {
            return false;
        }
        return states.find(pipeline.name())
                .map(s -> s.token().isPresent()
                        || s.lastPassAt()
                                .map(at -> !at.plus(every.get()).isAfter(now))
                                .orElse(true))
                .orElse(true);
    }

    @Override
    public boolean looksBroken(String pipeline) {
        return states.find(pipeline)
                .map(ReconcileState::notificationsLookBroken)
                .orElse(false);
    }

    Optional<ReconcileState> state(String pipeline) {
        return states.find(pipeline);
    }

    private static void report(SweepResult result, ReconcileState after) {
        if (result.recorded() > 0) {
            log.info(
                    "Reconciliation of pipeline {} recorded {} file(s) no notification had brought",
                    result.pipeline(),
                    result.recorded());
        }
        if (result.passComplete() && after.notificationsLookBroken()) {
            log.warn(
                    "Pipeline {}: {} sweeps in a row found files that no notification had brought (last: {});"
                            + " its S3 event notifications look broken: check the bucket's notification"
                            + " configuration and the queue",
                    result.pipeline(),
                    after.passesFinding(),
                    after.lastPassFound().orElse(0));
        }
    }

    /** One sweep's walk over the pages of the listing. */
    private final class Pass {
        final Pipeline pipeline;
        final String bucket;
        Optional<String> token = Optional.empty();
        int pages;
        int listed;
        int tooYoung;
        int recorded;

        Pass(Pipeline pipeline) {
            this.pipeline = pipeline;
            this.bucket = pipeline.settings().input().bucket();
        }

        /** True when the listing reached its end. */
        boolean run(Optional<String> from, int maxPages) {
            token = from;
            do {
                ListingPage page =
                        listing.page(bucket, pipeline.settings().input().prefix(), token, properties.pageSize());
                pages++;
                listed += page.objects().size();
                recordMissing(page.objects());
                token = page.next();
            } while (token.isPresent() && pages < maxPages);
            return token.isEmpty();
        }

        private void recordMissing(List<ListedObject> objects) {
            Instant settled =
                    clock.instant().minus(pipeline.settings().reconcile().grace());
            List<ListedObject> candidates = new ArrayList<>();
            for (ListedObject object : objects) {
                if (!ours(object.key())) {
                    continue;
                }
                if (object.lastModified().isAfter(settled)) {
                    tooYoung++;
                } else {
                    candidates.add(object);
                }
            }
            Set<String> known = arrivals.recordedEtags(
                    bucket, candidates.stream().map(ListedObject::key).toList());
            List<FileArrived> missing = candidates.stream()
                    .filter(o -> o.etag().isEmpty()
                            || !known.contains(o.key() + "\n" + o.etag().get()))
                    .flatMap(o -> listing.current(bucket, o.key()).stream())
                    .filter(f -> !f.eventTime().isAfter(settled))
                    .toList();
            if (!missing.isEmpty()) {
                recorded += intake.recordScanned(missing).recorded();
            }
        }

        /** This pipeline's object, not one a pipeline with a longer prefix takes. */
        private boolean ours(String key) {
            return pipelines
                    .matching(bucket, key)
                    .map(p -> p.name().equals(pipeline.name()))
                    .orElse(false);
        }
    }
}
