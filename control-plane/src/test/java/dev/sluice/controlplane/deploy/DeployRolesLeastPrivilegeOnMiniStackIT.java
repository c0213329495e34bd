package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The IAM policies of bootstrap.yaml and infrastructure.yaml evaluated by an emulator that
 * enforces IAM (MiniStack with AUTH=true, permissions boundaries included): what the deployer
 * role and the control-plane access role may do, and what they may not. MiniStack does not supply
 * the {@code cloudformation:RoleArn} condition key, so the rule "change sets only through the
 * execution role" cannot be shown here and is left to the policy review (TemplateSecurityTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployRolesLeastPrivilegeOnMiniStackIT {

    static final String ACCOUNT = "000000000000";
    static final String ROOT = "arn:aws:iam::" + ACCOUNT + ":root";
    static final String EXTERNAL_ID = "deployer-external-id-0001";
    static final String CONTROL_PLANE_EXTERNAL_ID = "control-plane-external-id-01";
    static final String ASSETS = "sluice-dev-assets-" + ACCOUNT + "-us-east-1";
    static final String INPUT = "sluice-dev-input-" + ACCOUNT + "-us-east-1";
    static final String OUTPUT = "sluice-dev-output-" + ACCOUNT + "-us-east-1";

    final MiniStackServer ministack = MiniStackServer.enforcingIam();
    final AwsCredentials root = AwsBasicCredentials.create("test", "test");
    Map<String, String> bootstrap;
    Map<String, String> infrastructure;

    @BeforeAll
    void bootstrapAndInfrastructureAsTheAccountsAdministrator() throws Exception {
        Path templates = RepoRoot.path().resolve("deploy-templates/src/main/resources/sluice/templates");
        bootstrap = createStack(
                "sluice-bootstrap",
                Files.readString(templates.resolve("bootstrap.yaml")),
                Map.of("ControlPlanePrincipalArn", ROOT, "ExternalId", EXTERNAL_ID));
        // The emulator speaks plain HTTP, so the TLS-only statements (Deny when aws:SecureTransport
        // is false) would refuse every call, S3's own delivery to the queue included. They are
        // neutralised in the copy used here; TemplateSecurityTest checks that they are there.
        String infrastructureTemplate = Files.readString(templates.resolve("infrastructure.yaml"))
                .replace("\"aws:SecureTransport\": \"false\"", "\"aws:SecureTransport\": \"plain-http-emulator\"");
        infrastructure = createStack(
                "sluice-dev-infrastructure",
                infrastructureTemplate,
                Map.of(
                        "EnvironmentName", "dev",
                        "ControlPlanePrincipalArn", ROOT,
                        "ControlPlaneExternalId", CONTROL_PLANE_EXTERNAL_ID));
        createStack("payroll", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", Map.of());
    }

    @Test
    void theDeployerRoleIsAssumedOnlyWithItsExternalId() {
        try (StsClient sts = client(StsClient.builder(), root)) {
            assertDenied(() -> sts.assumeRole(r -> r.roleArn(bootstrap.get("DeployerRoleArn"))
                    .roleSessionName("sluice-test")
                    .externalId("a-guessed-external-id")));
            assertDenied(() -> sts.assumeRole(
                    r -> r.roleArn(bootstrap.get("DeployerRoleArn")).roleSessionName("sluice-test")));
        }
        assertThat(assume(bootstrap.get("DeployerRoleArn"), EXTERNAL_ID).accessKeyId())
                .isNotBlank();
    }

    @Test
    void theDeployerRoleReachesSluicesEnvironmentStacksAndNothingElse() {
        AwsCredentials deployer = assume(bootstrap.get("DeployerRoleArn"), EXTERNAL_ID);
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), deployer);
                SqsClient sqs = client(SqsClient.builder(), deployer);
                S3Client s3 = client(S3Client.builder().forcePathStyle(true), deployer)) {
            assertThat(cloudFormation
                            .describeStacks(r -> r.stackName("sluice-dev-infrastructure"))
                            .stacks())
                    .hasSize(1);
            assertDenied(() -> cloudFormation.describeStacks(r -> r.stackName("payroll")));
            assertDenied(() -> cloudFormation.describeStacks(r -> r.stackName("sluice-bootstrap")));
            assertDenied(() -> cloudFormation.deleteStack(r -> r.stackName("payroll")));
            assertDenied(() -> cloudFormation.createChangeSet(r -> r.stackName("payroll")
                    .changeSetName("sluice-x")
                    .changeSetType("UPDATE")
                    .templateBody("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")));
            // Resources are made by CloudFormation as the execution role, never by the deployer itself.
            assertDenied(() -> s3.createBucket(r -> r.bucket("sluice-dev-extra-" + ACCOUNT + "-us-east-1")));
            assertDenied(() -> sqs.createQueue(r -> r.queueName("sluice-dev-extra")));
            assertDenied(() -> s3.listBuckets());

            s3.putObject(
                    r -> r.bucket(ASSETS).key("glue-job/" + "0".repeat(64) + ".jar"), RequestBody.fromString("jar"));
            assertDenied(() -> s3.putObject(r -> r.bucket(ASSETS).key("other/x.jar"), RequestBody.fromString("x")));
            assertDenied(() -> s3.putObject(r -> r.bucket(INPUT).key("incoming/x.csv"), RequestBody.fromString("x")));
            // A release's smoke gate: one sample under sluice-smoke/, nothing else.
            s3.putObject(
                    r -> r.bucket(INPUT).key("incoming/sluice-smoke/1-dev.csv"), RequestBody.fromString("id\n1\n"));
        }
    }

    @Test
    void theControlPlaneAccessRoleRunsItsOwnJobsAndReadsItsOwnQueuesAndBuckets() {
        AwsCredentials controlPlane =
                assume(infrastructure.get("ControlPlaneAccessRoleArn"), CONTROL_PLANE_EXTERNAL_ID);
        try (GlueClient glue = client(GlueClient.builder(), controlPlane);
                SqsClient sqs = client(SqsClient.builder(), controlPlane);
                S3Client s3 = client(S3Client.builder().forcePathStyle(true), controlPlane)) {
            // Allowed calls reach the service, which then says the job does not exist yet.
            assertThatThrownBy(() -> glue.startJobRun(r -> r.jobName("sluice-dev-convert")))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(e ->
                            assertThat(((AwsServiceException) e).statusCode()).isNotEqualTo(403));
            assertDenied(() -> glue.startJobRun(r -> r.jobName("payroll-export")));
            assertDenied(() -> glue.startJobRun(r -> r.jobName("sluice-prod-convert")));

            // S3's test event got through the queue policy, which admits the input bucket alone.
            assertThat(sqs.receiveMessage(r -> r.queueUrl(infrastructure.get("NotificationQueueUrl")))
                            .messages())
                    .singleElement()
                    .satisfies(m -> assertThat(m.body()).contains("s3:TestEvent", INPUT));
            assertDenied(() -> sqs.sendMessage(
                    r -> r.queueUrl(infrastructure.get("NotificationQueueUrl")).messageBody("forged")));

            s3.putObject(r -> r.bucket(OUTPUT).key("_manifests/run-1.json"), RequestBody.fromString("{}"));
            assertDenied(
                    () -> s3.putObject(r -> r.bucket(OUTPUT).key("orders/x.parquet"), RequestBody.fromString("x")));
            assertDenied(() -> s3.putObject(r -> r.bucket(INPUT).key("incoming/x.csv"), RequestBody.fromString("x")));
            assertDenied(() -> s3.putObject(r -> r.bucket(ASSETS).key("glue-job/x.jar"), RequestBody.fromString("x")));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> createStack(String name, String body, Map<String, String> parameters) {
        try (CloudFormationClient cloudFormation = client(CloudFormationClient.builder(), root)) {
            cloudFormation.createStack(r -> r.stackName(name)
                    .templateBody(body)
                    .capabilities(Capability.CAPABILITY_NAMED_IAM)
                    .parameters(parameters.entrySet().stream()
                            .map(p -> Parameter.builder()
                                    .parameterKey(p.getKey())
                                    .parameterValue(p.getValue())
                                    .build())
                            .toList()));
            String status = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> cloudFormation
                                    .describeStacks(r -> r.stackName(name))
                                    .stacks()
                                    .get(0)
                                    .stackStatusAsString(),
                            s -> !s.endsWith("_IN_PROGRESS"));
            assertThat(status).as(name).isEqualTo("CREATE_COMPLETE");
            List<Output> outputs = cloudFormation
                    .describeStacks(r -> r.stackName(name))
                    .stacks()
                    .get(0)
                    .outputs();
            return outputs.stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        }
    }

    private AwsCredentials assume(String roleArn, String externalId) {
        try (StsClient sts = client(StsClient.builder(), root)) {
            var c = sts.assumeRole(r ->
                            r.roleArn(roleArn).roleSessionName("sluice-test").externalId(externalId))
                    .credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    private <B extends AwsClientBuilder<B, C>, C> C client(B builder, AwsCredentials credentials) {
        return builder.endpointOverride(ministack.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    private static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(AwsServiceException.class)
                .satisfies(
                        e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(403));
    }
}
