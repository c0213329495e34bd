package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.RepoRoot;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two accounts on an emulator, bootstrapped as an administrator would (bootstrap.yaml in each),
 * configured as environments {@code dev} (111111111111, applies at once) and {@code prod}
 * (222222222222, needs an approver, termination protection), with a copy of the templates that a
 * test may edit and a glue-job jar it may rebuild.
 */
public final class DeployTestBed {

    public static final String REGION = "us-east-1";
    static final String EXTERNAL_ID = "sluice-test-external-id-0001";
    static final String CONTROL_PLANE = "arn:aws:iam::999999999999:role/sluice-control-plane";

    public final URI endpoint;
    public final String devAccount;
    public final String prodAccount;
    public final Path templates;
    public final Path glueJobJar;
    private final Map<String, String> extraEnvironments = new java.util.LinkedHashMap<>();

    public DeployTestBed(URI endpoint, String devAccount, String prodAccount) {
        this.endpoint = endpoint;
        this.devAccount = devAccount;
        this.prodAccount = prodAccount;
        try {
            Path dir = TestDirs.temporary("sluice-deploy-test-");
            this.templates = dir.resolve("templates");
            copyTemplates(templates);
            this.glueJobJar = dir.resolve("glue-job-test.jar");
            rebuildGlueJobJar();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configures both environments after bootstrapping their accounts. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "test");
        registry.add("spring.cloud.aws.region.static", () -> REGION);
        registry.add("sluice.deploy.templates", () -> templates.toUri().toString());
        registry.add("sluice.deploy.glue-job-jar", () -> glueJobJar.toUri().toString());
        registry.add("sluice.deploy.polling.interval", () -> "50ms");
        registry.add("sluice.deploy.polling.max-interval", () -> "400ms");
        registry.add("sluice.deploy.polling.stack-timeout", () -> "90s");
        TestCallers.register(registry);
        environment(registry, "dev", devAccount, false);
        environment(registry, "prod", prodAccount, true);
        extraEnvironments.forEach((name, account) -> environment(registry, name, account, false));
    }

    /** One more environment like dev (no approval), with the dev parameter file. */
    DeployTestBed withEnvironment(String name, String account) {
        extraEnvironments.put(name, account);
        try {
            Path file = templates.resolve("environments/" + name + ".json");
            Files.writeString(
                    file,
                    Files.readString(templates.resolve("environments/dev.json"))
                            .replace("\"EnvironmentName\": \"dev\"", "\"EnvironmentName\": \"" + name + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void environment(DynamicPropertyRegistry registry, String name, String account, boolean production) {
        Map<String, String> bootstrap = bootstrap(account);
        String prefix = "sluice.environments." + name + ".";
        registry.add(prefix + "account-id", () -> account);
        registry.add(prefix + "region", () -> REGION);
        registry.add(prefix + "deployer-role-arn", () -> bootstrap.get("DeployerRoleArn"));
        registry.add(prefix + "execution-role-arn", () -> bootstrap.get("ExecutionRoleArn"));
        registry.add(prefix + "external-id", () -> EXTERNAL_ID);
        registry.add(prefix + "endpoint", endpoint::toString);
        registry.add(prefix + "requires-approval", () -> Boolean.toString(production));
        registry.add(prefix + "termination-protection", () -> Boolean.toString(production));
        registry.add(prefix + "parameters[ControlPlanePrincipalArn]", () -> CONTROL_PLANE);
        registry.add(prefix + "parameters[ControlPlaneExternalId]", () -> "control-plane-external-id-" + name);
    }

    /** bootstrap.yaml in the account, created by an administrator's role as the README describes. */
    Map<String, String> bootstrap(String account) {
        try (CloudFormationClient admin = cloudFormation(account, "admin")) {
            String body = Files.readString(templates.resolve("bootstrap.yaml"));
            boolean exists = admin.listStacks().stackSummaries().stream()
                    .anyMatch(s -> s.stackName().equals("sluice-bootstrap")
                            && !s.stackStatusAsString().startsWith("DELETE"));
            if (!exists) {
                admin.createStack(r -> r.stackName("sluice-bootstrap")
                        .templateBody(body)
                        .capabilities(Capability.CAPABILITY_NAMED_IAM)
                        .parameters(
                                parameter("ControlPlanePrincipalArn", CONTROL_PLANE),
                                parameter("ExternalId", EXTERNAL_ID)));
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeStacks(r -> r.stackName("sluice-bootstrap"))
                            .stacks()
                            .get(0)
                            .stackStatusAsString()
                            .equals("CREATE_COMPLETE"));
            return admin.describeStacks(r -> r.stackName("sluice-bootstrap")).stacks().get(0).outputs().stream()
                    .collect(java.util.stream.Collectors.toMap(Output::outputKey, Output::outputValue));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    /** A CloudFormation client acting in {@code account} through a role there, as an operator would look. */
    public CloudFormationClient cloudFormation(String account, String role) {
        return CloudFormationClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(assume(account, role)))
                .build();
    }

    public S3Client s3(String account) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(assume(account, "admin")))
                .build();
    }

    /** A Glue client acting in {@code account} as its administrator. */
    public GlueClient glue(String account) {
        return GlueClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(assume(account, "admin")))
                .build();
    }

    private AwsSessionCredentials assume(String account, String role) {
        try (StsClient sts = StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            var c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/" + role)
                            .roleSessionName("sluice-test"))
                    .credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    /** A new glue-job build: different bytes, so a different content hash and asset key. */
    public void rebuildGlueJobJar() {
        try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(glueJobJar))) {
            jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            jar.write(("Manifest-Version: 1.0\nBuild: " + UUID.randomUUID() + "\n").getBytes());
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String glueJobJarKey() {
        return "glue-job/" + AssetPublisher.sha256(new org.springframework.core.io.FileSystemResource(glueJobJar))
                + ".jar";
    }

    /** Edits a file of the templates copy (template or environments/NAME.json). */
    void edit(String file, String from, String to) {
        try {
            Path path = templates.resolve(file);
            String text = Files.readString(path);
            assertThat(text).as(file).contains(from);
            Files.writeString(path, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTemplates(Path target) throws IOException {
        Path source = RepoRoot.path().resolve("deploy-templates/src/main/resources/sluice/templates");
        Files.createDirectories(target.resolve("environments"));
        for (String file : List.of(
                "infrastructure.yaml",
                "application.yaml",
                "bootstrap.yaml",
                "environments/dev.json",
                "environments/prod.json")) {
            Files.copy(source.resolve(file), target.resolve(file));
        }
    }

    // ------------------------------------------------------------------ the REST API, as a client uses it

    record Response(int status, JsonNode body) {}

    static final class Api {
        private final HttpClient http = HttpClient.newHttpClient();
        private final JsonMapper json = JsonMapper.builder().build();
        private final URI base;

        Api(int port) {
            this.base = URI.create("http://127.0.0.1:" + port + "/api/v1/deployments");
        }

        Response post(String path, String body, String user) {
            return postAs(path, body, TestCallers.bearer(user));
        }

        /** A POST with this {@code Authorization} header. */
        Response postAs(String path, String body, String authorization) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .POST(
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            return send(request.header("Authorization", authorization).build());
        }

        Response get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", TestCallers.bearer(null))
                    .GET()
                    .build());
        }

        /** Starts a deployment and returns the ids of the deployments it created, in order. */
        List<String> start(String environment, String stack, String action, String user) {
            Response response = post(
                    "",
                    "{\"environment\":\"" + environment + "\",\"stack\":\"" + stack + "\",\"action\":\"" + action
                            + "\"}",
                    user);
            assertThat(response.status())
                    .as("POST deployment: %s", response.body())
                    .isEqualTo(202);
            return response.body()
                    .get("deployments")
                    .valueStream()
                    .map(d -> d.get("id").asString())
                    .toList();
        }

        JsonNode detail(String id) {
            Response response = get("/" + id);
            assertThat(response.status()).as("GET %s: %s", id, response.body()).isEqualTo(200);
            return response.body();
        }

        /** Waits until the deployment is in one of {@code statuses}; fails at once if it ends elsewhere. */
        JsonNode await(String id, String... statuses) {
            List<String> wanted = Arrays.asList(statuses);
            return org.awaitility.Awaitility.await("deployment " + id + " " + wanted)
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> detail(id), d -> {
                        String status = d.get("deployment").get("status").asString();
                        boolean terminal = List.of(
                                        "PLANNED", "NO_CHANGES", "SUCCEEDED", "FAILED", "REJECTED", "CANCELLED")
                                .contains(status);
                        if (terminal && !wanted.contains(status)) {
                            throw new AssertionError("deployment " + id + " ended " + status + ": " + d);
                        }
                        return wanted.contains(status);
                    });
        }

        private Response send(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode body = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
                return new Response(response.statusCode(), body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
