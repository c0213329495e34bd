package dev.sluice.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * An emulator started as a child process on a loopback port, its output in a temporary log file,
 * stopped when the JVM exits. Start-up fails with that log when the process exits or does not
 * answer its readiness path within a minute.
 */
public final class ServerProcess {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private ServerProcess() {}

    /** A port free on the loopback interface now, for the process to listen on. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * Starts {@code command}, which listens on {@code port}, and waits until {@code readinessPath}
     * answers 200.
     *
     * @return the process's endpoint, {@code http://127.0.0.1:<port>}
     */
    public static URI start(String name, ProcessBuilder command, int port, String readinessPath) {
        try {
            Path log = Files.createTempFile(name + "-", ".log");
            Process process = command.redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, name + "-stop"));
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitReady(name, process, endpoint.resolve(readinessPath), log);
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + command.command(), e);
        }
    }

    private static void awaitReady(String name, Process process, URI readiness, Path log) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe =
                HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start: " + Files.readString(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting; look again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
        process.destroy();
        throw new IllegalStateException(
                name + " did not answer within " + START_DEADLINE + ": " + Files.readString(log));
    }
}
