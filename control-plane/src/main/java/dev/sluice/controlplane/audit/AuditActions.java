package dev.sluice.controlplane.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What a mutating call acts on, as the audit log records it: the action ({@code run.retry}), its
 * target in canonical form (the run id as the number it is, whatever zeros the path had) and the
 * path rebuilt from them. A path that is no known action is {@code other}, clipped.
 */
final class AuditActions {

    /** The longest path an audit entry keeps of a call that is no known action. */
    static final int MAX_PATH = 256;

    private static final int MAX_NAME = 100;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** One action: method, the path as the controllers map it, the variables that name the target. */
    private record Route(String method, PathPattern pattern, String action, List<String> target) {}

    /** A call as the audit log records it. */
    record Action(String name, Optional<String> target, String path) {}

    private static final List<Route> ROUTES = List.of(
            route("POST", "/api/v1/runs/{id}/retry", "run.retry", "id"),
            route("POST", "/api/v1/files", "file.upload"),
            route("POST", "/api/v1/pipelines/{name}/reconcile", "pipeline.reconcile", "name"),
            route("POST", "/api/v1/pipelines/{name}/reprocess", "pipeline.reprocess", "name"),
            route("POST", "/api/v1/deployments", "deployment.request"),
            route("POST", "/api/v1/deployments/redeploy", "deployment.redeploy"),
            route("POST", "/api/v1/deployments/{id}/approve", "deployment.approve", "id"),
            route("POST", "/api/v1/deployments/{id}/reject", "deployment.reject", "id"),
            route("POST", "/api/v1/deployments/{id}/continue-rollback", "deployment.continue-rollback", "id"),
            route("POST", "/api/v1/releases", "release.start"),
            route("POST", "/api/v1/releases/{id}/stages/{environment}/approve", "release.approve", "id", "environment"),
            route("POST", "/api/v1/releases/{id}/stages/{environment}/reject", "release.reject", "id", "environment"),
            route("POST", "/api/v1/environments/{environment}/rollback", "environment.rollback", "environment"),
            route("POST", "/api/v1/tokens", "token.create"),
            route("DELETE", "/api/v1/tokens/{id}", "token.revoke", "id"));

    private AuditActions() {}

    private static Route route(String method, String pattern, String action, String... target) {
        return new Route(method, PathPatternParser.defaultInstance.parse(pattern), action, List.of(target));
    }

    /** @param path the request path without the context path, still percent-encoded */
    static Action of(String method, String path) {
        PathContainer container;
        try {
            container = PathContainer.parsePath(path);
        } catch (IllegalArgumentException undecodable) {
            return other(path);
        }
        for (Route route : ROUTES) {
            if (!route.method().equals(method)) {
                continue;
            }
            PathPattern.PathMatchInfo match = route.pattern().matchAndExtract(container);
            if (match != null) {
                Map<String, String> canonical = match.getUriVariables().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> canonical(e.getValue())));
                String target = route.target().stream().map(canonical::get).collect(Collectors.joining("/"));
                String rebuilt = route.pattern().getPatternString();
                for (Map.Entry<String, String> variable : canonical.entrySet()) {
                    rebuilt = rebuilt.replace("{" + variable.getKey() + "}", variable.getValue());
                }
                return new Action(route.action(), Optional.of(target).filter(t -> !t.isEmpty()), rebuilt);
            }
        }
        return other(path);
    }

    /** A number as its value ({@code 0005} is 5), anything else clipped to a name's length. */
    static String canonical(String value) {
        if (DIGITS.matcher(value).matches()) {
            String digits = value.replaceFirst("^0+(?=.)", "");
            return digits.length() <= 19 ? digits : clip(digits, MAX_NAME);
        }
        return clip(value, MAX_NAME);
    }

    private static Action other(String path) {
        return new Action("other", Optional.empty(), clip(path, MAX_PATH));
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
