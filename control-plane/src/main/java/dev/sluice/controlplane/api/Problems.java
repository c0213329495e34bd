package dev.sluice.controlplane.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details under Sluice's one type scheme, {@code https://sluice.dev/problems/<type>}.
 * A problem without a more specific type gets the one of its status ({@code .../not-found},
 * {@code .../bad-request}), so that a client can always dispatch on {@code type}.
 */
public final class Problems {

    /** Every Sluice problem type starts with this. */
    public static final String TYPE_PREFIX = "https://sluice.dev/problems/";

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {}

    /** A problem of type {@code https://sluice.dev/problems/<type>}. */
    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        return problem;
    }

    /** A problem whose type is its status's, for errors that need no type of their own. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(status));
        return problem;
    }

    public static URI type(String type) {
        return URI.create(TYPE_PREFIX + type);
    }

    /** {@code https://sluice.dev/problems/content-too-large} for 413, and so on. */
    public static URI typeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String slug = known == null
                ? "http-" + status.value()
                : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return type(slug);
    }

    /** Gives a problem that has no type yet (or {@code about:blank}) the type of its status. */
    public static ProblemDetail typed(ProblemDetail problem) {
        if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
            problem.setType(typeOf(HttpStatusCode.valueOf(problem.getStatus())));
        }
        return problem;
    }

    /**
     * Writes a problem where no controller answers: the security filters, the body limit, the
     * servlet container. Resets whatever the response held.
     */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        write(response.getOutputStream(), problem);
    }

    /** The problem as JSON: type, title, status, detail, instance, then its properties. */
    public static void write(OutputStream out, ProblemDetail problem) {
        typed(problem);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", problem.getType().toString());
        json.put("title", problem.getTitle());
        json.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            json.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            json.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(json::putIfAbsent);
        }
        JsonMapper.shared().writeValue(out, json);
    }
}
