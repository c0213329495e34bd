package dev.sluice.testsupport;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * The Toxiproxy server shared by the tests of one JVM, a child process on a free loopback port like
 * moto. {@code ./test.sh} installs it into {@code .tools/bin} from the Go module proxy; without it
 * the fault tests are skipped (aborted with the reason), never failed.
 */
public final class Toxiproxy {

    static final String EXECUTABLE = ".tools/bin/toxiproxy-server";

    private static Toxiproxy shared;

    private final ToxiproxyClient client;

    private Toxiproxy(ToxiproxyClient client) {
        this.client = client;
    }

    /** The shared server, started on first use; aborts the calling test when it is not installed. */
    public static synchronized Toxiproxy shared() {
        if (shared == null) {
            Path executable = RepoRoot.path().resolve(EXECUTABLE);
            if (!Files.isExecutable(executable)) {
                throw new TestAbortedException("Toxiproxy is not installed (looked for " + executable
                        + "); ./test.sh installs it with go install, and skips the fault tests when it cannot");
            }
            int port = ServerProcess.freePort();
            ProcessBuilder command =
                    new ProcessBuilder(executable.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port));
            URI endpoint = ServerProcess.start("toxiproxy", command, port, "/version");
            shared = new Toxiproxy(new ToxiproxyClient(endpoint.getHost(), endpoint.getPort()));
        }
        return shared;
    }

    /**
     * A new proxy listening on a free loopback port and forwarding to {@code upstream}
     * ({@code host:port}); its faults are switched with the Toxiproxy client's {@link Proxy}.
     */
    public Proxy proxy(String name, String upstream) {
        try {
            return client.createProxy(name, "127.0.0.1:" + ServerProcess.freePort(), upstream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Toxiproxy proxy " + name, e);
        }
    }

    /** The port a proxy listens on, for the client under test to connect to. */
    public static int port(Proxy proxy) {
        String listen = proxy.getListen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
