package dev.sluice.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An AWS endpoint for integration tests, shared by every test in the JVM. Chosen in this order:
 * {@code SLUICE_TEST_AWS_ENDPOINT} when set; LocalStack through Testcontainers when a Docker engine
 * answers; otherwise {@code moto_server} from the repository's {@code .venv}. When none is available
 * the test fails with the way to get one: integration tests are never skipped silently.
 */
public interface AwsEmulator {

    String REGION = "us-east-1";
    String ACCESS_KEY = "test";
    String SECRET_KEY = "test";

    enum Kind {
        EXTERNAL,
        LOCALSTACK,
        MOTO
    }

    URI endpoint();

    Kind kind();

    /** The account the emulator's default credentials act in. */
    default String accountId() {
        return kind() == Kind.MOTO ? "123456789012" : "000000000000";
    }

    /** Clears all emulator state between tests, where the emulator can. */
    default void reset() {
        if (kind() != Kind.MOTO) {
            return;
        }
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    /** The emulator shared by this JVM, started on first use and stopped when the JVM exits. */
    static AwsEmulator shared() {
        return SharedEmulator.INSTANCE.get();
    }
}
