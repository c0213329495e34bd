package dev.sluice.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A {@code moto_server} child process on a free loopback port, stopped when the JVM exits. */
final class MotoServer {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final URI endpoint;

    private MotoServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    static MotoServer start(Path executable) {
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-server-stop"));
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitReady(process, endpoint, log);
            return new MotoServer(endpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable, e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    private static void awaitReady(Process process, URI endpoint, Path log) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start: " + Files.readString(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting; poll again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            process.onExit()
                    .completeOnTimeout(null, 100, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .join();
        }
        process.destroy();
        throw new IllegalStateException(
                "moto_server did not answer within " + START_DEADLINE + ": " + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
