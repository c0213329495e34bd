package dev.sluice.controlplane.environments;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The per-account client factory: one CloudFormation and one S3 client per account and region,
 * shared by every deployment there, and assumed-role sessions for each deployment. The clients
 * carry no credentials of their own; a request is signed only with a session's
 * {@link AccountSession#asCaller()}, so nothing can reach an account as the control plane itself.
 */
@Component
public class AccountClients implements AutoCloseable {

    private static final Duration SESSION_DURATION = Duration.ofHours(1);

    private final AwsCredentialsProvider controlPlaneCredentials;
    private final Map<ClientKey, CloudFormationClient> cloudFormation = new ConcurrentHashMap<>();
    private final Map<ClientKey, S3Client> s3 = new ConcurrentHashMap<>();
    private final Map<ClientKey, StsClient> sts = new ConcurrentHashMap<>();

    public AccountClients(ObjectProvider<AwsCredentialsProvider> credentials) {
        // Spring Cloud AWS's provider when it is configured, else the SDK's default chain.
        this.controlPlaneCredentials = credentials.getIfAvailable(
                () -> DefaultCredentialsProvider.builder().build());
    }

    private record ClientKey(String accountId, String region, Optional<URI> endpoint) {
        static ClientKey of(Environment environment) {
            return new ClientKey(environment.accountId(), environment.region(), environment.endpoint());
        }
    }

    public CloudFormationClient cloudFormation(Environment environment) {
        return cloudFormation.computeIfAbsent(
                ClientKey.of(environment),
                key -> configure(CloudFormationClient.builder(), key).build());
    }

    public S3Client s3(Environment environment) {
        return s3.computeIfAbsent(
                ClientKey.of(environment),
                key -> configure(S3Client.builder(), key)
                        .forcePathStyle(key.endpoint().isPresent())
                        .build());
    }

    /** Assumes the environment's deployer role; the session name shows up in the account's CloudTrail. */
    public AccountSession openSession(Environment environment, String sessionName) {
        StsClient stsClient = sts.computeIfAbsent(
                new ClientKey("control-plane", environment.region(), environment.endpoint()),
                key -> withEndpoint(StsClient.builder(), key)
                        .credentialsProvider(controlPlaneCredentials)
                        .build());
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(stsClient)
                .refreshRequest(r -> r.roleArn(environment.deployerRoleArn())
                        .externalId(environment.externalId())
                        .roleSessionName(sessionName)
                        .durationSeconds((int) SESSION_DURATION.toSeconds()))
                .build();
        return new AccountSession(environment, sessionName, credentials);
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, ClientKey key) {
        return withEndpoint(builder, key)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                // Adaptive retries slow down on CloudFormation's throttling before giving up.
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.ADAPTIVE_V2));
    }

    private static <B extends AwsClientBuilder<B, ?>> B withEndpoint(B builder, ClientKey key) {
        builder.region(Region.of(key.region()));
        key.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        cloudFormation.values().forEach(CloudFormationClient::close);
        s3.values().forEach(S3Client::close);
        sts.values().forEach(StsClient::close);
    }
}
