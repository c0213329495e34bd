package dev.sluice.controlplane.pipelines;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

    PipelineController(Pipelines pipelines, PipelineStatusQueries status) {
        this.pipelines = pipelines;
        this.status = status;
    }

    /** A pipeline, its settings and where it stands. */
    record PipelineView(String name, Settings settings, PipelineStatus status) {}

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
            long maxFileSize) {

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
                    s.maxFileSize().toBytes());
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
        return new PipelineView(pipeline.name(), Settings.of(pipeline.settings()), status.status(pipeline.name()));
    }

    @ExceptionHandler
    ProblemDetail unknown(UnknownPipelineException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    static final class UnknownPipelineException extends RuntimeException {
        UnknownPipelineException(String name) {
            super("no pipeline '" + name + "'");
        }
    }
}
