package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Embedded mode's way in: an upload is recorded under the pipeline's input exactly as an S3
 * notification for it would be, its bytes kept in a place of this arrival's own, so that an
 * upload never replaces another of the same name. With the {@code aws} profile files arrive
 * through S3.
 */
@RestController
@Profile("!aws")
@RequestMapping("/api/v1/files")
class FileUploadController {

    /** Letters and digits of any script stay as they are: {@code ä.csv} and {@code ö.csv} are two names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[^\\p{L}\\p{M}\\p{N}._ =+-]");
    /** What file systems allow for one name (ext4, APFS, NTFS), counted in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 255;

    private final Pipelines pipelines;
    private final LocalObjectStore store;
    private final FileIntake intake;
    private final Clock clock;

    FileUploadController(Pipelines pipelines, LocalObjectStore store, FileIntake intake, Clock clock) {
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
        String key = input.prefix() + name;
        StoredObject stored;
        try (InputStream content = file.getInputStream()) {
            stored = store.putArrival(input.bucket(), key, content);
        }
        FileArrived arrived =
                new FileArrived(input.bucket(), key, stored.etag(), stored.size(), clock.instant(), stored.location());
        IntakeResult result = intake.record(List.of(arrived));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new UploadedFile(
                        pipeline.name(),
                        store.uri(new Location(input.bucket(), key)),
                        key,
                        stored.size(),
                        stored.etag(),
                        result.duplicates() > 0));
    }

    /**
     * A file name too long for the server's limit on a part's headers (8 KB: any name of at most
     * 255 bytes fits, however the client encodes it) is a bad request naming the limit, not "upload
     * too large". Multipart requests are parsed lazily, when this controller asks for the file, so
     * that this handler sees it; a file over the size limit stays a 413.
     */
    @ExceptionHandler
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.contains("Header section")) {
                return ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST,
                        "file: the file name is longer than the server reads; at most " + MAX_NAME_BYTES
                                + " bytes (UTF-8) are allowed");
            }
        }
        return e.getBody();
    }

    private static String fileName(MultipartFile file, Pipeline pipeline) {
        String original = file.getOriginalFilename();
        if (original == null || original.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "file: the upload has no file name");
        }
        String base = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        // NFC: a name typed on macOS (decomposed) and the same name from Linux are one name
        String name = SAFE_NAME
                .matcher(Normalizer.normalize(base, Normalizer.Form.NFC))
                .replaceAll("_");
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "file: the file name is " + bytes + " bytes long (UTF-8); at most " + MAX_NAME_BYTES
                            + " bytes are allowed");
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

    /**
     * The answer to an upload.
     *
     * @param uri the file's name as its rows' {@code source_file} carries it
     * @param key the file's key in the pipeline's input: the prefix and the name as sent (characters
     *     that file names cannot hold become '_')
     */
    record UploadedFile(String pipeline, String uri, String key, long size, String etag, boolean duplicate) {}
}
