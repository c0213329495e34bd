package dev.sluice.controlplane.security;

import java.security.Principal;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The stable identity of a caller, for what must tell callers apart for good: the audit log's
 * actor and the four-eyes checks of approvals. A name can be shared or change; these cannot:
 * {@code token#<id>} for an API token, {@code jwt:<subject>} for a JWT, {@code bootstrap} for the
 * bootstrap token.
 */
public final class CallerId {

    /** The bootstrap token's caller. */
    public static final String BOOTSTRAP = "bootstrap";

    /** Callers nobody authenticated. */
    public static final String ANONYMOUS = "anonymous";

    private CallerId() {}

    public static String of(Principal caller) {
        if (caller == null) {
            return ANONYMOUS;
        }
        if (caller instanceof ApiTokenAuthentication token) {
            return token.id();
        }
        if (caller instanceof JwtAuthenticationToken jwt && jwt.getToken().getSubject() != null) {
            return "jwt:" + jwt.getToken().getSubject();
        }
        return caller.getName() == null ? ANONYMOUS : caller.getName();
    }

    static String ofToken(long tokenId) {
        return "token#" + tokenId;
    }
}
