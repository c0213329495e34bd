package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.accounts.UnknownEnvironmentException;
import dev.sluice.controlplane.deploy.ApprovalRefusedException;
import dev.sluice.controlplane.deploy.DeploymentConflictException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the release API. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = ReleaseController.class)
class ReleaseProblems {

    @ExceptionHandler
    ProblemDetail notFound(ReleaseNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "release-not-found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ReleaseConflictException e) {
        return problem(HttpStatus.CONFLICT, "release-conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail deploymentConflict(DeploymentConflictException e) {
        return problem(HttpStatus.CONFLICT, "release-conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refused(ApprovalRefusedException e) {
        return problem(HttpStatus.FORBIDDEN, "approval-refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidReleaseRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-release-request", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    /** Environments appear in paths here: an unknown one is not found. */
    @ExceptionHandler
    ProblemDetail unknownEnvironment(UnknownEnvironmentException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-environment", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://sluice.dev/problems/" + type));
        return problem;
    }
}
