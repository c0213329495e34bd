package dev.sluice.controlplane.deploy;

import dev.sluice.testsupport.RepoRoot;
import dev.sluice.testsupport.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * MiniStack (pinned in requirements-test.txt), a second emulator started from {@code .venv} on a
 * free loopback port for the deployer tests that moto cannot serve: it resolves Fn::ImportValue,
 * keeps stack outputs and exports of change-set stacks, records resource-level events, fails
 * resources and rolls stacks back, and implements termination protection.
 */
public final class MiniStackServer {

    private static final String SERVICES = "cloudformation,s3,sqs,sns,iam,sts,glue,events,cloudwatch,logs";

    private static MiniStackServer shared;

    private final URI endpoint;

    private MiniStackServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static synchronized MiniStackServer shared() {
        if (shared == null) {
            shared = start(Map.of());
        }
        return shared;
    }

    /**
     * A MiniStack of its own that evaluates IAM policies (AUTH=true), permissions boundaries
     * included; its one account is 000000000000, whose root is the test/test key pair.
     */
    static MiniStackServer enforcingIam() {
        return start(Map.of("AUTH", "true"));
    }

    public URI endpoint() {
        return endpoint;
    }

    private static MiniStackServer start(Map<String, String> settings) {
        Path executable = RepoRoot.path().resolve(".venv/bin/ministack");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(
                    "MiniStack is missing: run ./test.sh once (it installs requirements-test.txt"
                            + " into .venv); looked for " + executable);
        }
        int port = ServerProcess.freePort();
        ProcessBuilder command = new ProcessBuilder(executable.toString());
        command.environment().put("GATEWAY_PORT", Integer.toString(port));
        command.environment().put("BIND_HOST", "127.0.0.1");
        command.environment().put("SERVICES", SERVICES);
        command.environment().put("LOG_LEVEL", "WARNING");
        command.environment().putAll(settings);
        return new MiniStackServer(ServerProcess.start("ministack", command, port, "/_ministack/health"));
    }
}
