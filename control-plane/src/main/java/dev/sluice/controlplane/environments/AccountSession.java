package dev.sluice.controlplane.environments;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Credentials of the deployer role in one environment's account for one deployment. The SDK's
 * provider caches the assumed-role credentials and refreshes them before they expire, so one
 * session can follow a long stack update. Requests made through {@link AccountClients}' clients
 * carry these credentials via {@link #asCaller()}.
 */
public final class AccountSession implements AutoCloseable {

    private final Environment environment;
    private final String sessionName;
    private final StsAssumeRoleCredentialsProvider credentials;
    private final AwsRequestOverrideConfiguration asCaller;

    AccountSession(Environment environment, String sessionName, StsAssumeRoleCredentialsProvider credentials) {
        this.environment = environment;
        this.sessionName = sessionName;
        this.credentials = credentials;
        this.asCaller = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials)
                .build();
    }

    public Environment environment() {
        return environment;
    }

    public String sessionName() {
        return sessionName;
    }

    /** The request override that makes a call as the deployer role in this environment's account. */
    public AwsRequestOverrideConfiguration asCaller() {
        return asCaller;
    }

    @Override
    public void close() {
        credentials.close();
    }
}
