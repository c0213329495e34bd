package dev.sluice.controlplane.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: generated from the controllers, plus what every
 * operation shares, the bearer authentication and the problem-details answers for errors.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    private static final String BEARER = "bearer";

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Sluice API")
                        .version("v1")
                        .description("Pipelines, runs, files, deployments and environments of a Sluice control plane."
                                + " Every call needs 'Authorization: Bearer <token>' with a Sluice API token or a"
                                + " JWT from the configured identity provider. Errors are RFC 9457 problem details."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A Sluice API token (sluice_...) or a JWT"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Tags each operation by feature and adds the error answers it can give, so that clients and fuzzers know them. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> api.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, operation) -> addProblems(path, method, operation)));
    }

    private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
        // One tag per feature, from the path: /api/v1/runs/{id} is under "runs".
        String[] segments = path.split("/");
        if (segments.length > 3) {
            operation.setTags(java.util.List.of(segments[3]));
        }
        ApiResponses responses = operation.getResponses();
        add(responses, "400", "The request is invalid; the detail names the field or parameter");
        add(responses, "401", "No bearer token, or one that is unknown, revoked or expired");
        add(responses, "403", "The caller's roles do not allow this");
        if (path.contains("{") || method != PathItem.HttpMethod.GET) {
            add(responses, "404", "No such resource");
        }
        if (method != PathItem.HttpMethod.GET) {
            add(responses, "409", "The resource's state does not allow this now");
        }
        if (operation.getRequestBody() != null) {
            add(responses, "413", "The request body is too large");
            add(responses, "415", "The request body's media type is not accepted");
        }
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        Schema<?> problem = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
        responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType("application/problem+json", new MediaType().schema(problem))
                                .addMediaType("application/json", new MediaType().schema(problem))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema schema = new ObjectSchema();
        schema.description("RFC 9457 problem details");
        schema.setProperties(Map.of(
                "type", new StringSchema(),
                "title", new StringSchema(),
                "status", new IntegerSchema(),
                "detail", new StringSchema(),
                "instance", new StringSchema()));
        schema.setAdditionalProperties(true);
        return schema;
    }
}
