package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.AccountSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Publishes the glue-job jar to an environment's assets bucket under a key made of its SHA-256,
 * so that the same build is uploaded once and a new build is a new key (and thus a change of the
 * application stack's {@code JobJarKey} parameter).
 */
@Component
public class AssetPublisher {

    private static final Logger log = LoggerFactory.getLogger(AssetPublisher.class);

    private final AccountClients clients;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private static final Resource ENTRY_SCRIPT = new ClassPathResource("sluice/glue/SluiceGlueEntry.scala");

    private final String jarLocation;

    AssetPublisher(AccountClients clients, DeployProperties properties) {
        this.clients = clients;
        this.jarLocation = properties.glueJobJar();
    }

    record PublishedAsset(String bucket, String key, boolean uploaded) {}

    /** The bucket the infrastructure stack creates for assets (see infrastructure.yaml). */
    static String assetsBucket(AccountSession session) {
        var environment = session.environment();
        return "sluice-" + environment.name() + "-assets-" + environment.accountId() + "-" + environment.region();
    }

    PublishedAsset publishGlueJobJar(AccountSession session) {
        return publishGlueJobJar(session, locateJar());
    }

    /**
     * Publishes the given jar (a release's pinned build) rather than the configured one, with the
     * Scala script Glue compiles and starts beside it (see SluiceGlueEntry.scala).
     */
    PublishedAsset publishGlueJobJar(AccountSession session, Resource jar) {
        String key = glueJobJarKey(sha256(jar));
        String bucket = assetsBucket(session);
        S3Client s3 = clients.s3(session.environment());
        try {
            boolean uploaded = putIfMissing(s3, session, bucket, key, jar, "application/java-archive");
            putIfMissing(s3, session, bucket, entryScriptKey(key), ENTRY_SCRIPT, "text/plain; charset=utf-8");
            log.info(
                    "glue-job jar {} {} s3://{}/{}",
                    jar.getDescription(),
                    uploaded ? "published to" : "already in",
                    bucket,
                    key);
            return new PublishedAsset(bucket, key, uploaded);
        } catch (NoSuchBucketException e) {
            throw new DeploymentStepException("the assets bucket " + bucket
                    + " does not exist: deploy the infrastructure stack of "
                    + session.environment().name()
                    + " first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar.getDescription(), e);
        }
    }

    private static boolean putIfMissing(
            S3Client s3, AccountSession session, String bucket, String key, Resource content, String type)
            throws IOException {
        if (exists(s3, session, bucket, key)) {
            return false;
        }
        try (InputStream in = content.getInputStream()) {
            s3.putObject(
                    r -> r.bucket(bucket).key(key).contentType(type).overrideConfiguration(session.asCaller()),
                    RequestBody.fromInputStream(in, content.contentLength()));
        }
        return true;
    }

    /** Where the Glue job's script is published for the jar at {@code jarKey}: application.yaml's ScriptLocation. */
    static String entryScriptKey(String jarKey) {
        return jarKey.substring(0, jarKey.length() - ".jar".length()) + ".scala";
    }

    private static boolean exists(S3Client s3, AccountSession session, String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key).overrideConfiguration(session.asCaller()));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                // HeadObject cannot tell a missing bucket from a missing key; ask the bucket.
                s3.headBucket(r -> r.bucket(bucket).overrideConfiguration(session.asCaller()));
                return false;
            }
            throw e;
        }
    }

    Resource locateJar() {
        try {
            Optional<Resource> newest = Arrays.stream(resolver.getResources(jarLocation))
                    .filter(Resource::exists)
                    .max(Comparator.comparingLong(AssetPublisher::lastModified));
            return newest.orElseThrow(() -> new DeploymentStepException("no glue-job jar at " + jarLocation
                    + " (sluice.deploy.glue-job-jar): build it with ./mvnw -pl glue-job package"));
        } catch (IOException e) {
            throw new DeploymentStepException("cannot look for the glue-job jar at " + jarLocation + ": " + e);
        }
    }

    /** The key a jar with this SHA-256 (hex) is published under. */
    public static String glueJobJarKey(String sha256) {
        return "glue-job/" + sha256 + ".jar";
    }

    static String sha256(Resource resource) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(resource.getInputStream(), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getDescription(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lastModified(Resource resource) {
        try {
            return resource.lastModified();
        } catch (IOException e) {
            return 0;
        }
    }
}
