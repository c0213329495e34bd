package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.deploy.ApprovalRefusedException;
import dev.sluice.controlplane.deploy.DeploymentConflictException;
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
        return Problems.of(HttpStatus.NOT_FOUND, "release-not-found", e.getMessage());
    }

    @ExceptionHandler({ReleaseConflictException.class, DeploymentConflictException.class})
    ProblemDetail conflict(RuntimeException e) {
        return Problems.of(HttpStatus.CONFLICT, "release-conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail refused(ApprovalRefusedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "approval-refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidReleaseRequestException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-release-request", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }
}
