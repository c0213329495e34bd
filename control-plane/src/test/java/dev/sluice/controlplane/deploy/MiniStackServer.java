package dev.sluice.controlplane.deploy;

import dev.sluice.testsupport.RepoRoot;
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
 * MiniStack (pinned in requirements-test.txt), a second emulator started from {@code .venv} on a
 * free loopback port for the deployer tests that moto cannot serve: it resolves Fn::ImportValue,
 * keeps stack outputs and exports of change-set stacks, records resource-level events, fails
 * resources and rolls stacks back, and implements termination protection.
 */
public final class MiniStackServer {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final String SERVICES = "cloudformation,s3,sqs,sns,iam,sts,glue,events,cloudwatch,logs";

    private static MiniStackServer shared;

    private final URI endpoint;

    private MiniStackServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static synchronized MiniStackServer shared() {
        if (shared == null) {
            shared = start(java.util.Map.of());
        }
        return shared;
    }

    /**
     * A MiniStack of its own that evaluates IAM policies (AUTH=true), permissions boundaries
     * included; its one account is 000000000000, whose root is the test/test key pair.
     */
    static MiniStackServer enforcingIam() {
        return start(java.util.Map.of("AUTH", "true"));
    }

    public URI endpoint() {
        return endpoint;
    }

    private static MiniStackServer start(java.util.Map<String, String> settings) {
        Path executable = RepoRoot.path().resolve(".venv/bin/ministack");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(
                    "MiniStack is missing: run ./test.sh once (it installs requirements-test.txt"
                            + " into .venv); looked for " + executable);
        }
        int port = freePort();
        try {
            Path log = Files.createTempFile("ministack-", ".log");
            ProcessBuilder builder = new ProcessBuilder(executable.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("GATEWAY_PORT", Integer.toString(port));
            builder.environment().put("BIND_HOST", "127.0.0.1");
            builder.environment().put("SERVICES", SERVICES);
            builder.environment().put("LOG_LEVEL", "WARNING");
            builder.environment().putAll(settings);
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "ministack-stop"));
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitReady(process, endpoint, log);
            return new MiniStackServer(endpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable, e);
        }
    }

    private static void awaitReady(Process process, URI endpoint, Path log) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/_ministack/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("MiniStack exited at start: " + Files.readString(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for MiniStack", e);
            }
            process.onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
        process.destroy();
        throw new IllegalStateException(
                "MiniStack did not answer within " + START_DEADLINE + ": " + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
