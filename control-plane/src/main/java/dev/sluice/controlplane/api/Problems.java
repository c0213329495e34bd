package dev.sluice.controlplane.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with a Sluice problem type, for the features' exception handlers. */
public final class Problems {

    private Problems() {}

    /** A problem of type {@code https://sluice.dev/problems/<type>}. */
    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://sluice.dev/problems/" + type));
        return problem;
    }
}
