package dev.sluice.controlplane.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * RFC 9457 problem details for every API error, with details that name the offending field or
 * parameter. Features with errors of their own (unknown ids, conflicts) answer those themselves;
 * this covers what the web layer finds and what nobody expected.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName();
        Class<?> type = e.getRequiredType();
        if (e instanceof MethodArgumentTypeMismatchException m) {
            name = m.getName();
            type = m.getParameter().nestedIfOptional().getNestedParameterType();
        }
        String detail = name + ": '" + e.getValue() + "' is not " + expected(type);
        return handleExceptionInternal(e, problem(HttpStatus.BAD_REQUEST, detail), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(error -> r.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(e, problem(HttpStatus.BAD_REQUEST, detail), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(e, problem(HttpStatus.BAD_REQUEST, detail), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (tooLarge(e) instanceof JsonBodyLimit.JsonBodyTooLargeException limit) {
            return handleExceptionInternal(
                    e,
                    problem(HttpStatus.CONTENT_TOO_LARGE, limit.getMessage()),
                    headers,
                    HttpStatus.CONTENT_TOO_LARGE,
                    request);
        }
        return handleExceptionInternal(e, problem(HttpStatus.BAD_REQUEST, unreadable(e)), headers, status, request);
    }

    /**
     * What is wrong with the body, by the JSON path of the offending value ({@code roles[0]}) and
     * the values it may take: never Java's names for the types behind it.
     */
    static String unreadable(HttpMessageNotReadableException e) {
        if (!(e.getMostSpecificCause() instanceof DatabindException d)
                || d.getPath().isEmpty()) {
            return "the request body is missing or is not valid JSON";
        }
        String path = jsonPath(d.getPath());
        if (d instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return path + ": '" + invalid.getValue() + "' is not " + expected(invalid.getTargetType());
        }
        if (d instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return path + ": the value is not " + expected(mismatched.getTargetType());
        }
        return "the request body is not valid at '" + path + "'";
    }

    private static String jsonPath(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "request body" : path.toString();
    }

    private static Throwable tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.JsonBodyTooLargeException) {
                return cause;
            }
        }
        return null;
    }

    /**
     * A refusal decided on the parsed request (an apply that skips approval needs ADMIN): 403, as
     * the path rules answer it.
     */
    @ExceptionHandler
    ProblemDetail denied(AccessDeniedException e) {
        return problem(
                HttpStatus.FORBIDDEN,
                e.getMessage() != null && e.getMessage().startsWith("role ")
                        ? e.getMessage()
                        : "your roles do not allow this request");
    }

    /** Method validation of a {@code @Validated} controller: {@code list.limit} becomes {@code limit}. */
    @ExceptionHandler
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> leaf(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    /** A multipart body that cannot be parsed (no boundary, truncated): the client's mistake. */
    @ExceptionHandler
    ProblemDetail unreadableMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "the multipart request body cannot be read");
    }

    /** A query string the server cannot decode (invalid percent-encoding, bad UTF-8). */
    @ExceptionHandler
    ProblemDetail unreadableQuery(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "the query string cannot be decoded");
    }

    /** A bug or an outage: logged with its stack, answered without internals. */
    @ExceptionHandler
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "Sluice could not complete the request; the error is in its log");
    }

    private static String leaf(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .reduce((first, second) -> second)
                .map(Path.Node::getName)
                .orElse("request");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "valid";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type == Instant.class || Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        return "a valid " + type.getSimpleName();
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        return Problems.of(status, detail);
    }
}
