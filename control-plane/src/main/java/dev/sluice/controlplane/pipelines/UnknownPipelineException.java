package dev.sluice.controlplane.pipelines;

import dev.sluice.controlplane.api.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request named a pipeline that is not configured: 404 of type {@code unknown-pipeline} from every API. */
public class UnknownPipelineException extends ErrorResponseException {

    private final String message;

    public UnknownPipelineException(String name) {
        this("no pipeline '" + name + "'", name);
    }

    private UnknownPipelineException(String message, String name) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "unknown-pipeline", message), null);
        getBody().setProperty("pipeline", name);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
