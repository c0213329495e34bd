package dev.sluice.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules a security reviewer checks by hand, checked on every build: no wildcard actions, no
 * unscoped resources except where AWS offers no resource-level permission, external ids on
 * cross-account trust, encrypted and private buckets that refuse plain HTTP, encrypted queues.
 */
class TemplateSecurityTest {

    /** Statements allowed to name Resource "*": the actions they grant have no resource-level form. */
    private static final Set<String> UNSCOPED_RESOURCE_SIDS =
            Set.of("JobMetrics", "GlueMetrics", "ManageGlueSecurityConfigurations", "InspectTemplates");

    static Stream<String> templates() {
        return Stream.of("infrastructure.yaml", "application.yaml", "bootstrap.yaml");
    }

    @ParameterizedTest
    @MethodSource("templates")
    void allowStatementsNameTheirActionsAndScopeTheirResources(String name) {
        for (Statement statement : policyStatements(template(name))) {
            assertThat(statement.body())
                    .as("%s: NotAction/NotResource", statement)
                    .doesNotContainKeys("NotAction", "NotResource");
            if (!"Allow".equals(statement.body().get("Effect"))) {
                continue;
            }
            assertThat(strings(statement.body().get("Action")))
                    .as("%s: actions", statement)
                    .allSatisfy(action -> assertThat(action).doesNotContain("*"));
            if (strings(statement.body().get("Resource")).contains("*")) {
                assertThat(UNSCOPED_RESOURCE_SIDS)
                        .as("%s uses Resource \"*\"", statement)
                        .contains(statement.sid());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void rolesTrustOnlyWithAnExternalIdOrTheirOwnAccount(String name) {
        resources(template(name), "AWS::IAM::Role").forEach((logicalId, role) -> {
            Map<String, Object> trust = map(properties(role).get("AssumeRolePolicyDocument"));
            for (Object raw : list(trust.get("Statement"))) {
                Map<String, Object> statement = map(raw);
                Map<String, Object> principal = map(statement.get("Principal"));
                String condition = String.valueOf(statement.get("Condition"));
                if (principal.containsKey("AWS")) {
                    assertThat(condition)
                            .as("%s trusts another account", logicalId)
                            .contains("sts:ExternalId");
                } else {
                    assertThat(condition).as("%s trusts a service", logicalId).contains("aws:SourceAccount");
                }
            }
        });
    }

    @Test
    void workloadRolesCarryTheBoundaryAndTheSluicePath() {
        resources(template("infrastructure.yaml"), "AWS::IAM::Role").forEach((logicalId, role) -> {
            assertThat(properties(role)).as(logicalId).containsKey("PermissionsBoundary");
            assertThat(properties(role).get("Path")).as(logicalId).isEqualTo("/sluice/");
        });
    }

    @Test
    void bucketsAreEncryptedPrivateAndRefusePlainHttp() {
        Map<String, Object> template = template("infrastructure.yaml");
        Map<String, Map<String, Object>> buckets = resources(template, "AWS::S3::Bucket");
        assertThat(buckets).containsOnlyKeys("AccessLogBucket", "InputBucket", "OutputBucket", "AssetsBucket");
        Collection<Map<String, Object>> policies =
                resources(template, "AWS::S3::BucketPolicy").values();
        buckets.forEach((logicalId, bucket) -> {
            Map<String, Object> properties = properties(bucket);
            assertThat(properties).as(logicalId).containsKey("BucketEncryption");
            assertThat(map(properties.get("PublicAccessBlockConfiguration")))
                    .as(logicalId)
                    .containsEntry("BlockPublicAcls", true)
                    .containsEntry("BlockPublicPolicy", true)
                    .containsEntry("IgnorePublicAcls", true)
                    .containsEntry("RestrictPublicBuckets", true);
            assertThat(policies)
                    .as("%s has a bucket policy denying aws:SecureTransport=false", logicalId)
                    .anySatisfy(policy -> {
                        assertThat(properties(policy).get("Bucket")).isEqualTo(Map.of("Ref", logicalId));
                        assertThat(String.valueOf(properties(policy).get("PolicyDocument")))
                                .contains("Effect=Deny")
                                .contains("aws:SecureTransport=false");
                    });
        });
        assertThat(properties(buckets.get("InputBucket")).get("VersioningConfiguration"))
                .isEqualTo(Map.of("Status", "Enabled"));
    }

    @Test
    void queuesAreEncryptedAndWorkQueuesHaveADeadLetterQueue() {
        resources(template("infrastructure.yaml"), "AWS::SQS::Queue").forEach((logicalId, queue) -> {
            assertThat(properties(queue)).as(logicalId).containsEntry("SqsManagedSseEnabled", true);
            if (!logicalId.endsWith("DeadLetterQueue")) {
                assertThat(properties(queue)).as(logicalId).containsKey("RedrivePolicy");
            }
        });
    }

    @Test
    void infrastructureExportsFollowTheNamingScheme() {
        map(template("infrastructure.yaml").get("Outputs"))
                .forEach((key, output) -> assertThat(map(map(output).get("Export")))
                        .as(key)
                        .containsEntry("Name", Map.of("Fn::Sub", "${EnvironmentName}-sluice-" + key)));
    }

    @Test
    void theGlueJobRunsOnGlueFiveAndLeavesRetriesToSluice() {
        Map<String, Object> job = properties(
                resources(template("application.yaml"), "AWS::Glue::Job").get("ConvertJob"));
        assertThat(job).containsEntry("GlueVersion", "5.0").containsEntry("MaxRetries", 0);
        assertThat(map(job.get("DefaultArguments")))
                .containsEntry("--enable-metrics", "true")
                .containsEntry("--enable-continuous-cloudwatch-log", "true");
    }

    // ------------------------------------------------------------------ helpers

    record Statement(String resource, Map<String, Object> body) {
        String sid() {
            return String.valueOf(body.get("Sid"));
        }

        @Override
        public String toString() {
            return resource + "/" + sid();
        }
    }

    private static List<Statement> policyStatements(Map<String, Object> template) {
        List<Statement> statements = new ArrayList<>();
        map(template.get("Resources")).forEach((logicalId, raw) -> {
            Map<String, Object> properties = properties(map(raw));
            List<Object> documents = new ArrayList<>();
            if (properties.containsKey("PolicyDocument")) {
                documents.add(properties.get("PolicyDocument"));
            }
            for (Object policy : list(properties.get("Policies"))) {
                documents.add(map(policy).get("PolicyDocument"));
            }
            for (Object document : documents) {
                for (Object statement : list(map(document).get("Statement"))) {
                    statements.add(new Statement(logicalId, map(statement)));
                }
            }
        });
        return statements;
    }

    private static Map<String, Object> template(String name) {
        return CloudFormationYaml.read(
                TemplatesPassCfnLintTest.Templates.directory().resolve(Path.of(name)));
    }

    private static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new java.util.TreeMap<>();
        map(template.get("Resources")).forEach((id, raw) -> {
            if (type.equals(map(raw).get("Type"))) {
                found.put(id, map(raw));
            }
        });
        return found;
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.getOrDefault("Properties", Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
