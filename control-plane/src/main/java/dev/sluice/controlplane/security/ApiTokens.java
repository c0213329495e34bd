package dev.sluice.controlplane.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code api_token} table: tokens by the SHA-256 of their secret, with their roles. */
@Repository
class ApiTokens {

    /** Last use is written at most this often per token, so that reads do not all become writes. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final String COLUMNS =
            "id, name, token_hint, roles, created_by, created_at, expires_at, revoked_at, revoked_by, last_used_at";

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token; its secret is in the answer and nowhere else. */
    IssuedToken issue(String name, Set<Role> roles, String createdBy, Optional<Instant> expiresAt, Instant now) {
        String secret = TokenSecrets.generate();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO api_token (name, token_hash, token_hint, roles, created_by, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        name,
                        TokenSecrets.hash(secret),
                        TokenSecrets.hint(secret),
                        roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                        createdBy,
                        Timestamp.from(now),
                        expiresAt.map(Timestamp::from).orElse(null))
                .update(key, "id");
        return new IssuedToken(find(key.getKey().longValue()).orElseThrow(), secret);
    }

    Optional<ApiToken> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")
                .param(id)
                .query(ApiTokens::map)
                .optional();
    }

    Optional<ApiToken> findByHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?")
                .param(hash)
                .query(ApiTokens::map)
                .optional();
    }

    /** Newest first. */
    List<ApiToken> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token ORDER BY id DESC")
                .query(ApiTokens::map)
                .list();
    }

    /** True when the token was active and is now revoked. */
    boolean revoke(long id, String by, Instant now) {
        return jdbc.sql("UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
                        .params(Timestamp.from(now), by, id)
                        .update()
                == 1;
    }

    void markUsed(ApiToken token, Instant now) {
        if (token.lastUsedAt()
                .map(last -> last.plus(LAST_USED_RESOLUTION).isAfter(now))
                .orElse(false)) {
            return;
        }
        jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?")
                .params(Timestamp.from(now), token.id())
                .update();
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        return new ApiToken(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("token_hint"),
                roles(rs.getString("roles")),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                Optional.ofNullable(rs.getString("revoked_by")),
                instant(rs, "last_used_at"));
    }

    private static Set<Role> roles(String column) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(column.split(","))
                .map(Role::parse)
                .flatMap(Optional::stream)
                .forEach(roles::add);
        return roles;
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return Optional.ofNullable(value).map(Timestamp::toInstant);
    }

    /** A token just created, with its secret: shown once, to its creator. */
    record IssuedToken(ApiToken token, String secret) {}
}
