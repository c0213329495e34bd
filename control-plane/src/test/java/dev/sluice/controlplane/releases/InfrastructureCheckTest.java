package dev.sluice.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InfrastructureCheckTest {

    @Test
    void theApplicationTemplatesImportsAreTheInfrastructureExportsOfTheEnvironment() throws IOException {
        String templates = "deploy-templates/src/main/resources/sluice/templates/";
        String application = Files.readString(RepoRoot.path().resolve(templates + "application.yaml"));
        String infrastructure = Files.readString(RepoRoot.path().resolve(templates + "infrastructure.yaml"));

        assertThat(InfrastructureCheck.importedExports(application, "prod"))
                .containsExactly(
                        "prod-sluice-AssetsBucketName",
                        "prod-sluice-GlueDatabaseName",
                        "prod-sluice-GlueJobRoleArn",
                        "prod-sluice-OutputBucketName",
                        "prod-sluice-TableOptimizerRoleArn");
        for (String export : InfrastructureCheck.importedExports(application, "x")) {
            assertThat(infrastructure)
                    .as("infrastructure.yaml exports %s", export)
                    .contains("Name: !Sub \"${EnvironmentName}" + export.substring(1) + "\"");
        }
    }

    @Test
    void bothWaysOfWritingAnImportAreFound() {
        String template = """
                Resources:
                  A:
                    Properties:
                      Role: !ImportValue !Sub "${EnvironmentName}-sluice-RoleArn"
                      Bucket:
                        Fn::ImportValue: !Sub ${EnvironmentName}-sluice-Bucket
                """;
        assertThat(InfrastructureCheck.importedExports(template, "dev"))
                .containsExactly("dev-sluice-Bucket", "dev-sluice-RoleArn");
    }
}
