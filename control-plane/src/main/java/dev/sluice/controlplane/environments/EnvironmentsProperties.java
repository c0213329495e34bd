package dev.sluice.controlplane.environments;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code sluice.environments.<name>.*}: the accounts Sluice deploys to. */
@Validated
@ConfigurationProperties("sluice")
public record EnvironmentsProperties(@Valid @DefaultValue Map<String, @Valid @NotNull Settings> environments) {

    static final String NAME_PATTERN = "[a-z][a-z0-9]{1,15}";

    public EnvironmentsProperties {
        environments = new TreeMap<>(environments);
    }

    /** The names must fit into stack, bucket and Glue database names. */
    @AssertTrue(
            message = "environment names (the keys under sluice.environments) must be 2-16 lower-case letters or"
                    + " digits starting with a letter, as they become part of stack, bucket and Glue database names")
    public boolean isEveryNameUsable() {
        return environments.keySet().stream().allMatch(n -> n.matches(NAME_PATTERN));
    }

    /**
     * @param accountId the 12-digit account id
     * @param deployerRoleArn the role created by bootstrap.yaml in that account
     * @param executionRoleArn the CloudFormation execution role created by bootstrap.yaml; empty to let
     *     CloudFormation act with the deployer role's own permissions (emulators, legacy accounts)
     * @param externalId the external id the deployer role's trust policy demands
     * @param endpoint an endpoint for every AWS call of this environment (an emulator); empty for AWS
     */
    public record Settings(
            @NotBlank @Pattern(regexp = "\\d{12}", message = "must be a 12-digit AWS account id")
            String accountId,

            @NotBlank @Pattern(regexp = "[a-z]{2}(-[a-z]+)+-\\d", message = "must be an AWS region such as eu-west-1")
            String region,

            @NotBlank @Pattern(regexp = "arn:aws[a-z-]*:iam::\\d{12}:role/.+", message = "must be an IAM role ARN")
            String deployerRoleArn,

            @DefaultValue("") String executionRoleArn,
            @NotBlank @Size(min = 2, max = 1224) String externalId,
            @DefaultValue("false") boolean requiresApproval,
            @DefaultValue("false") boolean terminationProtection,
            @DefaultValue Map<String, String> parameters,
            URI endpoint) {

        @AssertTrue(message = "deployer-role-arn must name a role in account-id")
        public boolean isDeployerRoleInAccount() {
            return deployerRoleArn == null || accountId == null || deployerRoleArn.contains(":" + accountId + ":");
        }

        @AssertTrue(message = "execution-role-arn must be empty or an IAM role ARN in account-id")
        public boolean isExecutionRoleInAccount() {
            return executionRoleArn == null
                    || executionRoleArn.isEmpty()
                    || executionRoleArn.matches("arn:aws[a-z-]*:iam::" + accountId + ":role/.+");
        }

        Environment toEnvironment(String name) {
            return new Environment(
                    name,
                    new Environment.Target(accountId, region, Optional.ofNullable(endpoint)),
                    new Environment.Access(
                            deployerRoleArn, Optional.of(executionRoleArn).filter(arn -> !arn.isEmpty()), externalId),
                    new Environment.Safeguards(requiresApproval, terminationProtection),
                    parameters);
        }

        @Override
        public String toString() {
            return "Settings[" + accountId + ", " + region + ", " + deployerRoleArn + "]";
        }
    }
}
