package dev.sluice.controlplane.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends what no controller answered (a status set by
 * a filter, an exception outside Spring MVC): a problem, never Spring's default JSON or HTML. Called
 * directly, it is a path like any other that holds nothing: 404.
 */
@RestController
class ErrorProblems implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status) || status < 400) {
            return answer(Problems.of(HttpStatus.NOT_FOUND, "no resource " + request.getRequestURI()));
        }
        ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), detail(request, status));
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri));
            } catch (IllegalArgumentException notAUri) {
                // A path the container let through but that is no URI: the problem goes without it.
            }
        }
        return answer(problem);
    }

    private static String detail(HttpServletRequest request, int status) {
        if (status >= 500) {
            return "Sluice could not complete the request; the error is in its log";
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (message instanceof String text && !text.isBlank()) {
            return text;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "the request was refused" : "the request was refused: " + known.getReasonPhrase();
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
