package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Embedded mode's way in: an upload is stored under the pipeline's input and recorded exactly as
 * an S3 notification for it would be. With the {@code aws} profile files arrive through S3.
 */
@RestController
@Profile("!aws")
@RequestMapping("/api/v1/files")
class FileUploadController {

    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._ =+-]");

    private final Pipelines pipelines;
    private final ObjectStore store;
    private final FileIntake intake;
    private final Clock clock;

    FileUploadController(Pipelines pipelines, ObjectStore store, FileIntake intake, Clock clock) {
        this.pipelines = pipelines;
        this.store = store;
        this.intake = intake;
        this.clock = clock;
    }

    @PostMapping(consumes = "multipart/form-data")
    ResponseEntity<UploadedFile> upload(
            @RequestParam("file") MultipartFile file,
            @RequestParam(name = "pipeline", defaultValue = "default") String pipelineName)
            throws IOException {
        Pipeline pipeline = pipelines
                .find(pipelineName)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no pipeline '" + pipelineName + "'"));
        String name = fileName(file, pipeline);
        var input = pipeline.settings().input();
        StoredObject stored;
        try (InputStream content = file.getInputStream()) {
            stored = store.put(new Location(input.bucket(), input.prefix() + name), content);
        }
        FileArrived arrived = new FileArrived(
                input.bucket(), stored.location().key(), stored.etag(), stored.etag(), stored.size(), clock.instant());
        IntakeResult result = intake.record(List.of(arrived));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new UploadedFile(
                        pipeline.name(), stored.uri(), stored.size(), stored.etag(), result.duplicates() > 0));
    }

    private static String fileName(MultipartFile file, Pipeline pipeline) {
        String original = file.getOriginalFilename();
        if (original == null || original.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "file: the upload has no file name");
        }
        String base = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        String name = SAFE_NAME.matcher(base).replaceAll("_");
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        var input = pipeline.settings().input();
        if (!input.hasSuffix(name)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "file: pipeline '" + pipeline.name() + "' takes files ending in '"
                            + String.join("', '", input.suffix()) + "', got '" + base + "'");
        }
        return name;
    }

    /** The answer to an upload. */
    record UploadedFile(String pipeline, String uri, long size, String etag, boolean duplicate) {}
}
