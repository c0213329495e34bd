package dev.sluice.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** Starts the one emulator of the JVM lazily and keeps it until exit. */
enum SharedEmulator {
    INSTANCE;

    /** Pinned, and the same as in docker-compose.yml: newer untagged LocalStack images need an account token. */
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

    private AwsEmulator emulator;

    synchronized AwsEmulator get() {
        if (emulator == null) {
            emulator = start();
        }
        return emulator;
    }

    private static AwsEmulator start() {
        String external = System.getenv("SLUICE_TEST_AWS_ENDPOINT");
        if (external != null && !external.isBlank()) {
            return new Started(URI.create(external), AwsEmulator.Kind.EXTERNAL);
        }
        Choice choice = Choice.configured();
        if (choice == Choice.LOCALSTACK || (choice == Choice.AUTO && dockerAnswers())) {
            return startLocalStack(choice);
        }
        Path motoServer = RepoRoot.path().resolve(".venv/bin/moto_server");
        if (!Files.isExecutable(motoServer)) {
            throw new IllegalStateException(
                    "No AWS emulator: set SLUICE_TEST_AWS_ENDPOINT, start a Docker engine, or run"
                            + " ./test.sh once (it creates .venv with moto[server] from requirements-test.txt); looked for "
                            + motoServer);
        }
        return new Started(MotoServer.start(motoServer).endpoint(), AwsEmulator.Kind.MOTO);
    }

    private static AwsEmulator startLocalStack(Choice choice) {
        if (choice == Choice.LOCALSTACK && !dockerAnswers()) {
            throw new IllegalStateException("-D" + Choice.PROPERTY
                    + "=localstack asks for LocalStack, but no Docker engine answers; start one, or run with -D"
                    + Choice.PROPERTY + "=moto");
        }
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
        return new Started(container.getEndpoint(), AwsEmulator.Kind.LOCALSTACK);
    }

    /**
     * Which emulator the tests ask for: {@code -Dsluice.test.aws=localstack|moto} (or the environment
     * variable {@code SLUICE_TEST_AWS}); unset, LocalStack when Docker answers and moto otherwise.
     */
    enum Choice {
        AUTO,
        LOCALSTACK,
        MOTO;

        static final String PROPERTY = "sluice.test.aws";

        static Choice configured() {
            String value = System.getProperty(PROPERTY, System.getenv().getOrDefault("SLUICE_TEST_AWS", ""));
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "", "auto" -> AUTO;
                case "localstack" -> LOCALSTACK;
                case "moto" -> MOTO;
                default ->
                    throw new IllegalArgumentException(
                            PROPERTY + "=" + value + " is not an emulator; use localstack, moto or auto");
            };
        }
    }

    private static boolean dockerAnswers() {
        if (Boolean.getBoolean("sluice.test.no-docker")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private record Started(URI endpoint, AwsEmulator.Kind kind) implements AwsEmulator {}
}
