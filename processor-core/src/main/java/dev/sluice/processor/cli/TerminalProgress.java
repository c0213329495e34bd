package dev.sluice.processor.cli;

import dev.sluice.processor.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress display on a terminal, redrawn in place. */
final class TerminalProgress implements ProgressListener {

    private final PrintStream err;
    private final long started = System.nanoTime();

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void progress(String phase, long bytesDone, long bytesTotal) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double percent = bytesTotal > 0 ? Math.min(100, 100.0 * bytesDone / bytesTotal) : 0;
        String step = phase.equals("infer") ? "typing " : "writing";
        err.printf(Locale.ROOT, "\r\033[K%s %5.1f%%  %,d MB  %.0f s", step, percent, bytesDone >> 20, seconds);
        err.flush();
    }
}
