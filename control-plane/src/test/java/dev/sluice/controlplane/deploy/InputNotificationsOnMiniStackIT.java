package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.RepoRoot;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The input bucket of infrastructure.yaml, as CloudFormation makes it on MiniStack (moto's
 * CloudFormation skips S3 notifications): a compressed CSV under the input prefix reaches the
 * notification queue like a plain one, and a key of another suffix does not.
 */
class InputNotificationsOnMiniStackIT {

    static final String ENVIRONMENT = "notify";
    static final String INPUT = "sluice-" + ENVIRONMENT + "-input-000000000000-us-east-1";
    static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    final MiniStackServer ministack = MiniStackServer.shared();

    @Test
    void compressedAndPlainCsvUploadsRaiseNotificationsAndOtherKeysDoNot() throws Exception {
        String queueUrl = createInfrastructure().get("NotificationQueueUrl");
        try (S3Client s3 = S3Client.builder()
                        .endpointOverride(ministack.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials())
                        .forcePathStyle(true)
                        .build();
                SqsClient sqs = SqsClient.builder()
                        .endpointOverride(ministack.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials())
                        .build()) {
            for (String key : List.of(
                    "incoming/a.csv.gz",
                    "incoming/b.csv.zst",
                    "incoming/c.csv.bz2",
                    "incoming/d.csv",
                    "incoming/e.txt",
                    "incoming/f.gz",
                    "elsewhere/g.csv.gz")) {
                s3.putObject(r -> r.bucket(INPUT).key(key), RequestBody.fromString("id\n1\n"));
            }
            // The last of the expected notifications marks the end: what follows it would be late.
            s3.putObject(r -> r.bucket(INPUT).key("incoming/z.csv"), RequestBody.fromString("id\n1\n"));

            List<String> notified = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (Message m : sqs.receiveMessage(r ->
                                r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    Matcher key = KEY.matcher(m.body());
                    while (key.find()) {
                        notified.add(key.group(1));
                    }
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
                return notified.contains("incoming/z.csv");
            });

            assertThat(notified)
                    .containsExactlyInAnyOrder(
                            "incoming/a.csv.gz",
                            "incoming/b.csv.zst",
                            "incoming/c.csv.bz2",
                            "incoming/d.csv",
                            "incoming/z.csv");
        }
    }

    private Map<String, String> createInfrastructure() throws Exception {
        // Plain HTTP to the emulator: the TLS-only statements would refuse S3's own delivery too;
        // TemplateSecurityTest checks that they are there.
        String template = Files.readString(RepoRoot.path()
                        .resolve("deploy-templates/src/main/resources/sluice/templates/infrastructure.yaml"))
                .replace("\"aws:SecureTransport\": \"false\"", "\"aws:SecureTransport\": \"plain-http-emulator\"");
        Map<String, String> parameters = Map.of(
                "EnvironmentName", ENVIRONMENT,
                "ControlPlanePrincipalArn", "arn:aws:iam::000000000000:root",
                "ControlPlaneExternalId", "control-plane-external-id-notify");
        String name = "sluice-" + ENVIRONMENT + "-infrastructure";
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder()
                .endpointOverride(ministack.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build()) {
            cloudFormation.createStack(r -> r.stackName(name)
                    .templateBody(template)
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
            assertThat(status).isEqualTo("CREATE_COMPLETE");
            return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().get(0).outputs().stream()
                    .collect(java.util.stream.Collectors.toMap(Output::outputKey, Output::outputValue));
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
}
