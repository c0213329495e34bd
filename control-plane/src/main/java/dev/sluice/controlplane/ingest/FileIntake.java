package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.logging.LogContext;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records arrivals once per object version. All arrivals of one call commit together, so a
 * message is acknowledged only when every file it named is safely recorded.
 */
@Service
public class FileIntake {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final Pipelines pipelines;
    private final FileArrivals arrivals;
    private final IngestMetrics metrics;
    private final Clock clock;

    FileIntake(Pipelines pipelines, FileArrivals arrivals, IngestMetrics metrics, Clock clock) {
        this.pipelines = pipelines;
        this.arrivals = arrivals;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Transactional
    public IntakeResult record(List<FileArrived> files) {
        return record(files, true);
    }

    /**
     * Files found by listing the input: the reconciliation sweep, and in embedded mode the scan of
     * the input directory, which is its sweep. Each one recorded is counted in {@code
     * sluice.files.reconciled}. Finding one again that is already recorded (its notification or
     * upload came first, every file after a restart) is not a duplicate delivery, so it is not
     * counted in {@code sluice.files.duplicates}.
     */
    @Transactional
    public IntakeResult recordScanned(List<FileArrived> files) {
        return record(files, false);
    }

    /**
     * A file found in the input directory that Sluice will not read, recorded as REFUSED with the
     * reason, so that the user sees why it is not converted.
     */
    @Transactional
    public IntakeResult recordRefused(FileArrived file, String reason) {
        Optional<Pipeline> pipeline = pipelines.matching(file.bucket(), file.key());
        if (pipeline.isEmpty()) {
            metrics.ignored();
            return new IntakeResult(0, 0, 1);
        }
        OptionalLong id = arrivals.insertOnce(pipeline.get().name(), file, FileStatus.REFUSED, reason, clock.instant());
        if (id.isEmpty()) {
            return new IntakeResult(0, 1, 0);
        }
        metrics.received(pipeline.get().name(), FileStatus.REFUSED);
        try (var logged = LogContext.file(id.getAsLong())) {
            log.warn("File s3://{}/{} refused: {}", file.bucket(), file.key(), reason);
        }
        return new IntakeResult(1, 0, 0);
    }

    private IntakeResult record(List<FileArrived> files, boolean notified) {
        IntakeResult result = new IntakeResult(0, 0, 0);
        for (FileArrived file : files) {
            result = result.plus(recordOne(file, notified));
        }
        return result;
    }

    private IntakeResult recordOne(FileArrived file, boolean notified) {
        Optional<Pipeline> pipeline = pipelines.matching(file.bucket(), file.key());
        if (pipeline.isEmpty()) {
            metrics.ignored();
            log.debug("No pipeline takes s3://{}/{}; ignored", file.bucket(), file.key());
            return new IntakeResult(0, 0, 1);
        }
        FileStatus status = statusFor(file, pipeline.get());
        OptionalLong id = arrivals.insertOnce(pipeline.get().name(), file, status, clock.instant());
        if (id.isEmpty()) {
            if (notified) {
                metrics.duplicate(pipeline.get().name());
            }
            return new IntakeResult(0, 1, 0);
        }
        metrics.received(pipeline.get().name(), status);
        if (!notified) {
            metrics.reconciled(pipeline.get().name());
        }
        try (var logged = LogContext.file(id.getAsLong())) {
            logRecorded(file, status);
        }
        return new IntakeResult(1, 0, 0);
    }

    private static void logRecorded(FileArrived file, FileStatus status) {
        if (status == FileStatus.PENDING) {
            log.debug("File s3://{}/{} recorded ({} bytes)", file.bucket(), file.key(), file.size());
        } else {
            log.warn(
                    "File s3://{}/{} recorded as {} ({} bytes); it will not be sent to a job",
                    file.bucket(),
                    file.key(),
                    status,
                    file.size());
        }
    }

    private static FileStatus statusFor(FileArrived file, Pipeline pipeline) {
        if (file.size() == 0) {
            return FileStatus.EMPTY;
        }
        if (file.size() > pipeline.settings().maxFileSize().toBytes()) {
            return FileStatus.TOO_LARGE;
        }
        return FileStatus.PENDING;
    }
}
