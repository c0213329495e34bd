package dev.sluice.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the templates give Iceberg output on AWS: the job's Iceberg catalog on the Glue Data
 * Catalog, the Data Catalog's table optimizers for the tables named in {@code IcebergTable1} to 4, and
 * the roles that may commit, maintain and create them.
 */
class IcebergOnGlueTest {

    private static final Map<String, Object> APPLICATION = template("application.yaml");
    private static final Map<String, Object> INFRASTRUCTURE = template("infrastructure.yaml");
    private static final Map<String, Object> BOOTSTRAP = template("bootstrap.yaml");

    @Test
    void theJobLoadsGluesIcebergAndConfiguresAGlueCatalogOverTheOutputBucket() {
        Map<String, Object> arguments =
                map(properties(APPLICATION, "ConvertJob").get("DefaultArguments"));
        assertThat(arguments).containsEntry("--datalake-formats", "iceberg");

        List<?> sub = (List<?>) map(arguments.get("--conf")).get("Fn::Sub");
        assertThat(sparkConf((String) sub.get(0)))
                .containsEntry(
                        "spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .containsEntry("spark.sql.catalog.sluice", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.catalog.sluice.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
                .containsEntry("spark.sql.catalog.sluice.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("spark.sql.catalog.sluice.warehouse", "s3://${OutputBucket}/");
        assertThat(map(sub.get(1)).get("OutputBucket"))
                .isEqualTo(Map.of("Fn::ImportValue", Map.of("Fn::Sub", "${EnvironmentName}-sluice-OutputBucketName")));
    }

    /** Glue's single --conf value carries the others as "--conf k=v"; each must parse as one pair. */
    static Map<String, String> sparkConf(String value) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String pair : ("--conf " + value.trim()).split("\\s*--conf\\s+")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            assertThat(eq).as("'%s' is key=value", pair).isPositive();
            assertThat(pair).as("'%s' has no space", pair).doesNotContain(" ");
            conf.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return conf;
    }

    @Test
    void everyTableSlotHasTheThreeOptimizersOnTheSameTableAsTheOptimizerRole() {
        Map<String, Map<String, Object>> optimizers = resources(APPLICATION, "AWS::Glue::TableOptimizer");
        assertThat(optimizers).hasSize(12);
        for (int slot = 1; slot <= 4; slot++) {
            Map<String, String> types = new TreeMap<>();
            for (String kind : List.of("Compaction", "SnapshotRetention", "OrphanFileDeletion")) {
                Map<String, Object> optimizer = optimizers.get("Iceberg" + kind + slot);
                assertThat(optimizer).as(kind + slot).isNotNull();
                assertThat(optimizer.get("Condition")).isEqualTo("HasIcebergTable" + slot);
                Map<String, Object> p = map(optimizer.get("Properties"));
                assertThat(p.get("TableName")).isEqualTo(Map.of("Ref", "IcebergTable" + slot));
                assertThat(p.get("DatabaseName"))
                        .isEqualTo(Map.of(
                                "Fn::ImportValue", Map.of("Fn::Sub", "${EnvironmentName}-sluice-GlueDatabaseName")));
                Map<String, Object> configuration = map(p.get("TableOptimizerConfiguration"));
                assertThat(configuration.get("Enabled")).isEqualTo(true);
                assertThat(configuration.get("RoleArn"))
                        .isEqualTo(Map.of(
                                "Fn::ImportValue",
                                Map.of("Fn::Sub", "${EnvironmentName}-sluice-TableOptimizerRoleArn")));
                types.put((String) p.get("Type"), kind);
            }
            assertThat(types).containsOnlyKeys("compaction", "retention", "orphan_file_deletion");
        }
        Map<String, Object> retention =
                map(map(map(map(optimizers.get("IcebergSnapshotRetention1").get("Properties"))
                                        .get("TableOptimizerConfiguration"))
                                .get("RetentionConfiguration"))
                        .get("IcebergConfiguration"));
        assertThat(retention)
                .containsEntry("SnapshotRetentionPeriodInDays", Map.of("Ref", "SnapshotRetentionDays"))
                .containsEntry("NumberOfSnapshotsToRetain", Map.of("Ref", "SnapshotsToRetain"))
                .containsEntry("CleanExpiredFiles", true);
    }

    /** The conditions as CloudFormation evaluates them: a slot is on exactly when it names a table. */
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {"'';'';'';'';''", "orders;'';'';'';1", "orders;events;'';'';1,2", "'';'';'';x;4", "a;b;c;d;1,2,3,4"
            })
    void theSlotsThatAreOnAreTheOnesNamingATable(String t1, String t2, String t3, String t4, String expected) {
        Map<String, Object> conditions = map(APPLICATION.get("Conditions"));
        Map<String, String> parameters =
                Map.of("IcebergTable1", t1, "IcebergTable2", t2, "IcebergTable3", t3, "IcebergTable4", t4);
        List<String> on = new ArrayList<>();
        for (int slot = 1; slot <= 4; slot++) {
            if ((Boolean) Intrinsics.evaluate(conditions.get("HasIcebergTable" + slot), parameters)) {
                on.add(Integer.toString(slot));
            }
        }
        assertThat(String.join(",", on)).isEqualTo(expected);
    }

    @Test
    void aSlotTakesOneLowerCaseTableNameOrNothing() {
        Map<String, Object> parameters = map(APPLICATION.get("Parameters"));
        for (int slot = 1; slot <= 4; slot++) {
            Map<String, Object> parameter = map(parameters.get("IcebergTable" + slot));
            assertThat(parameter.get("Default")).isEqualTo("");
            String pattern = (String) parameter.get("AllowedPattern");
            assertThat(List.of("", "orders", "a_1"))
                    .allSatisfy(v -> assertThat(v).matches(pattern));
            assertThat(List.of("Orders", "a,b", " a", "a-b"))
                    .allSatisfy(v -> assertThat(v).doesNotMatch(pattern));
        }
    }

    @Test
    void theOptimizerRoleRewritesOnlyTheOutputBucketAndThisEnvironmentsTables() {
        Map<String, Object> role = properties(INFRASTRUCTURE, "TableOptimizerRole");
        Map<String, List<String>> grants = grants(role);

        assertThat(grants)
                .containsEntry("s3:ListBucket", List.of("{Fn::GetAtt=OutputBucket.Arn}"))
                .containsEntry("s3:PutObject", List.of("{Fn::Sub=${OutputBucket.Arn}/*}"))
                .containsEntry("s3:DeleteObject", List.of("{Fn::Sub=${OutputBucket.Arn}/*}"));
        assertThat(grants.get("glue:UpdateTable"))
                .allSatisfy(r -> assertThat(r).containsAnyOf(":catalog}", "sluice_${EnvironmentName}"));
        assertThat(grants.get("logs:PutLogEvents"))
                .hasSize(3)
                .allSatisfy(r -> assertThat(r).matches(".*log-group:/aws-glue/iceberg-[a-z-]+/logs:\\*}"));
        assertThat(grants)
                .containsOnlyKeys(
                        "s3:ListBucket",
                        "s3:GetObject",
                        "s3:PutObject",
                        "s3:DeleteObject",
                        "glue:GetTable",
                        "glue:UpdateTable",
                        "logs:CreateLogGroup",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents");
        assertThat(map(INFRASTRUCTURE.get("Outputs"))).containsKey("TableOptimizerRoleArn");
    }

    @Test
    void theJobRoleCanCommitIcebergTablesOfItsOwnDatabase() {
        Map<String, List<String>> grants = grants(properties(INFRASTRUCTURE, "GlueJobRole"));
        for (String action : List.of("glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable")) {
            assertThat(grants.get(action))
                    .as(action)
                    .anySatisfy(r -> assertThat(r).contains(":table/sluice_${EnvironmentName}/*"))
                    .allSatisfy(r -> assertThat(r).doesNotContain("table/*"));
        }
        for (String action : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")) {
            assertThat(grants.get(action)).as(action).contains("{Fn::Sub=${OutputBucket.Arn}/*}");
        }
        assertThat(grants).doesNotContainKey("glue:DeleteTable");
    }

    @Test
    void theExecutionRoleMayManageOptimizersOfSluiceTablesAndPassThemASluiceRole() {
        Map<String, List<String>> grants = grants(properties(BOOTSTRAP, "ExecutionRole"));
        for (String action : List.of(
                "glue:CreateTableOptimizer",
                "glue:UpdateTableOptimizer",
                "glue:DeleteTableOptimizer",
                "glue:GetTableOptimizer",
                "glue:GetTable")) {
            assertThat(grants.get(action))
                    .as(action)
                    .anySatisfy(r -> assertThat(r).contains(":table/sluice_*/*"));
        }
        assertThat(grants.get("iam:PassRole")).singleElement().asString().contains(":role/sluice/*");
    }

    /** A role's own policy never asks for what the permissions boundary would deny anyway. */
    @Test
    void everyActionAWorkloadRoleIsGrantedLiesWithinTheBoundary() {
        Map<String, List<String>> boundary =
                grants(map(map(map(BOOTSTRAP.get("Resources")).get("WorkloadPermissionsBoundary"))
                        .get("Properties")));
        for (String role : List.of("GlueJobRole", "TableOptimizerRole")) {
            assertThat(new TreeSet<>(grants(properties(INFRASTRUCTURE, role)).keySet()))
                    .as(role)
                    .isSubsetOf(boundary.keySet());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Action to the resources granted to it by the Allow statements of a role or policy. */
    private static Map<String, List<String>> grants(Map<String, Object> properties) {
        List<Object> documents = new ArrayList<>();
        if (properties.containsKey("PolicyDocument")) {
            documents.add(properties.get("PolicyDocument"));
        }
        for (Object policy : list(properties.get("Policies"))) {
            documents.add(map(policy).get("PolicyDocument"));
        }
        Map<String, List<String>> grants = new TreeMap<>();
        for (Object document : documents) {
            for (Object raw : list(map(document).get("Statement"))) {
                Map<String, Object> statement = map(raw);
                if (!"Allow".equals(statement.get("Effect"))) {
                    continue;
                }
                for (Object action : list(statement.get("Action"))) {
                    for (Object resource : list(statement.get("Resource"))) {
                        grants.computeIfAbsent((String) action, a -> new ArrayList<>())
                                .add(String.valueOf(resource));
                    }
                }
            }
        }
        return grants;
    }

    private static Map<String, Object> template(String name) {
        return CloudFormationYaml.read(
                TemplatesPassCfnLintTest.Templates.directory().resolve(name));
    }

    private static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        return map(map(map(template.get("Resources")).get(logicalId)).get("Properties"));
    }

    private static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        map(template.get("Resources")).forEach((id, raw) -> {
            if (type.equals(map(raw).get("Type"))) {
                found.put(id, map(raw));
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The few intrinsic functions the conditions use, as CloudFormation evaluates them. */
    static final class Intrinsics {
        static Object evaluate(Object node, Map<String, String> parameters) {
            if (!(node instanceof Map<?, ?> function)) {
                return node;
            }
            Map.Entry<?, ?> call = function.entrySet().iterator().next();
            Object argument = call.getValue();
            return switch ((String) call.getKey()) {
                case "Ref" -> parameters.get((String) argument);
                case "Fn::Not" -> !(Boolean) evaluate(list(argument).get(0), parameters);
                case "Fn::Equals" ->
                    evaluate(list(argument).get(0), parameters)
                            .equals(evaluate(list(argument).get(1), parameters));
                default -> throw new IllegalArgumentException("not evaluated here: " + call.getKey());
            };
        }
    }
}
