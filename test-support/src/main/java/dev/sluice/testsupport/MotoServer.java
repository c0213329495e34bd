package dev.sluice.testsupport;

import java.net.URI;
import java.nio.file.Path;

/** A {@code moto_server} child process on a free loopback port, stopped when the JVM exits. */
final class MotoServer {

    private final URI endpoint;

    private MotoServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    static MotoServer start(Path executable) {
        int port = ServerProcess.freePort();
        ProcessBuilder command =
                new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port));
        return new MotoServer(ServerProcess.start("moto_server", command, port, "/moto-api/data.json"));
    }

    URI endpoint() {
        return endpoint;
    }
}
