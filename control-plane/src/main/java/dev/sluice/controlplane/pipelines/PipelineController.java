package dev.sluice.controlplane.pipelines;

import dev.sluice.controlplane.api.ServerPaths;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/pipelines}: the configured pipelines with their status. */
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

    private final Pipelines pipelines;
    private final PipelineStatusQueries status;
    private final NotificationHealth notifications;
    private final ServerPaths paths;

    PipelineController(
            Pipelines pipelines, PipelineStatusQueries status, NotificationHealth notifications, ServerPaths paths) {
        this.pipelines = pipelines;
        this.status = status;
        this.notifications = notifications;
        this.paths = paths;
    }

    /**
     * A pipeline, its settings and where it stands.
     *
     * @param notificationsLookBroken the reconciliation sweep keeps finding files that no S3
     *     notification brought (details at {@code /api/v1/pipelines/{name}/reconcile})
     */
    record PipelineView(String name, Settings settings, PipelineStatus status, boolean notificationsLookBroken) {}

    /**
     * The settings as the API shows them: sizes in bytes, durations in ISO-8601 ({@code PT1M}).
     */
    record Settings(
            String environment,
            PipelineSettings.Input input,
            PipelineSettings.Output output,
            PipelineSettings.Job job,
            int batchMaxFiles,
            long batchMaxBytes,
            String batchMaxWait,
            int retryMaxAttempts,
            int maxConcurrentRuns,
            long maxFileSize,
            Reconcile reconcile) {

        /** The sweep's interval as configured ({@code off} or a duration) and its grace in ISO-8601. */
        record Reconcile(String interval, String grace) {}

        static Settings of(PipelineSettings s) {
            return new Settings(
                    s.environment(),
                    s.input(),
                    s.output(),
                    s.job(),
                    s.batch().maxFiles(),
                    s.batch().maxBytes().toBytes(),
                    s.batch().maxWait().toString(),
                    s.retry().maxAttempts(),
                    s.maxConcurrentRuns(),
                    s.maxFileSize().toBytes(),
                    new Reconcile(
                            s.reconcile().interval(), s.reconcile().grace().toString()));
        }
    }

    @GetMapping
    @Operation(summary = "List pipelines with their status")
    List<PipelineView> list() {
        return pipelines.all().stream().map(this::view).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One pipeline with its status")
    PipelineView get(@PathVariable String name) {
        return pipelines.find(name).map(this::view).orElseThrow(() -> new UnknownPipelineException(name));
    }

    private PipelineView view(Pipeline pipeline) {
        return new PipelineView(
                pipeline.name(),
                Settings.of(pipeline.settings()),
                status.status(pipeline.name()).withErrorMessage(paths::hide),
                notifications.looksBroken(pipeline.name()));
    }
}
