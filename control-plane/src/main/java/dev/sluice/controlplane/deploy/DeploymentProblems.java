package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.api.Problems;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the deployment API. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = DeploymentController.class)
class DeploymentProblems {

    @ExceptionHandler
    ProblemDetail notFound(DeploymentNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "deployment-not-found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(DeploymentConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "deployment-conflict", e.getMessage());
        e.blockingDeployment().ifPresent(id -> problem.setProperty("blockingDeployment", id));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail refused(ApprovalRefusedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "approval-refused", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidDeploymentRequestException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-deployment-request", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-deployment-request", detail);
    }
}
