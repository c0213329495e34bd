package dev.sluice.controlplane.environments;

import dev.sluice.controlplane.api.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request named an environment that is not configured under {@code sluice.environments}: 404 of
 * type {@code unknown-environment} from every API, whether the name was in the path or the body.
 */
public class UnknownEnvironmentException extends ErrorResponseException {

    private final String message;

    public UnknownEnvironmentException(String name, List<String> known) {
        this(
                "environment '" + name + "' is not configured (sluice.environments has: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")",
                name);
    }

    private UnknownEnvironmentException(String message, String name) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "unknown-environment", message), null);
        getBody().setProperty("environment", name);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
