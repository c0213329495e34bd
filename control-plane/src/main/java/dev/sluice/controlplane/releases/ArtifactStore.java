package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.deploy.PinnedArtifacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pinned content of releases, by SHA-256: template bodies in the database, glue-job jars as
 * files named by their digest. Content is checked against the digest the caller declared before it
 * is kept, and never changes afterwards, so every environment gets the same bytes.
 */
@Component
class ArtifactStore implements PinnedArtifacts {

    /** CloudFormation's limit for a template in a request; parameter files are held to it too. */
    static final int MAX_DOCUMENT_BYTES = 51_200;

    private final ReleaseRepository repository;
    private final ArtifactSources sources;
    private final Path jars;
    private final JsonMapper json = JsonMapper.builder().build();

    ArtifactStore(
            ReleaseRepository repository,
            ArtifactSources sources,
            ReleasesProperties properties,
            @Value("${sluice.home}") String home) {
        this.repository = repository;
        this.sources = sources;
        this.jars = properties.artifacts().isBlank()
                ? Path.of(home, "releases", "artifacts")
                : Path.of(properties.artifacts());
    }

    /** Keeps a template whose SHA-256 must be {@code declared}; returns the digest. */
    String keepTemplate(String field, byte[] body, String declared) {
        if (body.length > MAX_DOCUMENT_BYTES) {
            throw new InvalidReleaseRequestException(
                    field, "is larger than the 51200 bytes of template CloudFormation takes in a request");
        }
        String actual = sha256(body);
        check(field, declared, actual);
        repository.storeDocument(actual, new String(body, StandardCharsets.UTF_8));
        return actual;
    }

    /**
     * Keeps a parameter file (a JSON object of environment sections of string values) whose SHA-256
     * must be {@code declared} and which has a section for each of {@code environments}.
     */
    String keepParameters(String field, byte[] body, String declared, List<String> environments) {
        if (body.length > MAX_DOCUMENT_BYTES) {
            throw new InvalidReleaseRequestException(field, "is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        String actual = sha256(body);
        check(field, declared, actual);
        Map<String, Map<String, String>> sections = parse(field, new String(body, StandardCharsets.UTF_8));
        List<String> missing =
                environments.stream().filter(e -> !sections.containsKey(e)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidReleaseRequestException(
                    field,
                    "has no section for environment " + missing
                            + "; a release pins the parameters of every environment of its path");
        }
        repository.storeDocument(actual, new String(body, StandardCharsets.UTF_8));
        return actual;
    }

    @Override
    public Map<String, String> parameters(String digest, String environment) {
        String body = repository
                .document(digest)
                .orElseThrow(() -> new IllegalStateException("no pinned parameters with SHA-256 " + digest));
        Map<String, String> section = parse("parameters " + digest, body).get(environment);
        if (section == null) {
            throw new IllegalStateException("the release's parameters have no section for " + environment);
        }
        return section;
    }

    private Map<String, Map<String, String>> parse(String field, String body) {
        try {
            return json.readValue(body, new TypeReference<>() {});
        } catch (RuntimeException e) {
            throw new InvalidReleaseRequestException(
                    field,
                    "must be a JSON object of environment sections of string"
                            + " values, such as {\"dev\": {\"InputPrefix\": \"incoming/\"}}: " + e.getMessage());
        }
    }

    /** Keeps a jar whose SHA-256 must be {@code declared}; returns the digest. */
    String keepJar(String field, InputStream content, String declared) {
        try {
            Files.createDirectories(jars);
            Path partial = Files.createTempFile(jars, "upload-", ".part");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                    content.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                check(field, declared, actual);
                Files.move(partial, jar(actual), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return actual;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + field + " under " + jars, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String template(String digest) {
        return repository
                .document(digest)
                .orElseThrow(() -> new IllegalStateException("no pinned template with SHA-256 " + digest));
    }

    @Override
    public Resource glueJobJar(String digest) {
        Path file = jar(digest);
        if (!Files.isRegularFile(file)) {
            // Kept by another replica (or before this one's disk was replaced): read it again from S3.
            String uri = repository
                    .jarSource(digest)
                    .orElseThrow(() -> new IllegalStateException("the pinned glue-job jar " + digest
                            + " is missing from " + jars + " and was uploaded, not read from S3"));
            try (InputStream in = sources.open("pinned glue-job jar", uri)) {
                keepJar("pinned glue-job jar " + uri, in, digest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pinned glue-job jar from " + uri, e);
            }
        }
        return new FileSystemResource(file);
    }

    private Path jar(String digest) {
        return jars.resolve(digest + ".jar");
    }

    private static void check(String field, String declared, String actual) {
        if (!actual.equalsIgnoreCase(declared)) {
            throw new InvalidReleaseRequestException(
                    field + ".sha256", "is " + declared + " but the content's SHA-256 is " + actual);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
