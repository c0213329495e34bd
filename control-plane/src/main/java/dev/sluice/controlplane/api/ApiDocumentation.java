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
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: generated from the controllers, plus what every
 * operation shares: the bearer authentication, the problem-details answers for errors, the
 * nulls Sluice sends, and the statuses that handlers set in code.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String PROBLEM = "Problem";
    private static final String BEARER = "bearer";

    /**
     * Answers whose status the handler sets through {@code ResponseEntity}, which the generator
     * cannot see: the documented 200 becomes the status actually sent.
     */
    private static final Map<String, String> STATUS_SET_IN_CODE = Map.of(
            "POST /api/v1/runs/{id}/retry", "202",
            "POST /api/v1/files", "202",
            "POST /api/v1/deployments", "202",
            "POST /api/v1/deployments/redeploy", "202",
            "POST /api/v1/deployments/{id}/continue-rollback", "202",
            "POST /api/v1/releases", "202",
            "POST /api/v1/environments/{environment}/rollback", "202",
            "POST /api/v1/tokens", "201",
            "DELETE /api/v1/tokens/{id}", "204");

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("Sluice API")
                                .version("v1")
                                .description(
                                        "Pipelines, runs, files, deployments, releases and environments of a Sluice control plane."
                                                + " Every call needs `Authorization: Bearer TOKEN` with a Sluice API token or a"
                                                + " JWT from the configured identity provider. Errors are RFC 9457 problem details."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A Sluice API token (sluice_...) or a JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Tags each operation by feature, fixes statuses set in code, and adds the error answers it can give. */
    @Bean
    OpenApiCustomizer sharedAnswers() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        tag(path, operation);
                        documentStatusSetInCode(path, method, operation);
                        addProblems(path, method, operation);
                    }));
        };
    }

    /**
     * Any property whose Java type is not primitive may be null in an answer (empty optionals,
     * values not known yet): it is documented so, with {@code "null"} among its types (OpenAPI 3.1).
     */
    @Bean
    PropertyCustomizer nullableProperties() {
        return (property, type) -> {
            if (isPrimitive(type.getType())) {
                return property;
            }
            if (property.get$ref() != null) {
                Schema<?> nullable = new Schema<>();
                nullable.setAnyOf(List.of(new Schema<>().$ref(property.get$ref()), nullSchema()));
                nullable.setDescription(property.getDescription());
                return nullable;
            }
            if (property.getTypes() != null && !property.getTypes().isEmpty()) {
                property.addType("null");
                if (property.getEnum() != null && !property.getEnum().contains(null)) {
                    property.addEnumItemObject(null);
                }
            }
            return property;
        };
    }

    private static boolean isPrimitive(Type type) {
        if (type instanceof Class<?> c) {
            return c.isPrimitive();
        }
        return type instanceof com.fasterxml.jackson.databind.JavaType javaType && javaType.isPrimitive();
    }

    private static Schema<?> nullSchema() {
        Schema<?> schema = new Schema<>();
        schema.addType("null");
        return schema;
    }

    /** One tag per feature, from the path: /api/v1/runs/{id} is under "runs". */
    private static void tag(String path, Operation operation) {
        String[] segments = path.split("/");
        if (segments.length > 3) {
            operation.setTags(List.of(segments[3]));
        }
    }

    private static void documentStatusSetInCode(String path, PathItem.HttpMethod method, Operation operation) {
        String status = STATUS_SET_IN_CODE.get(method + " " + path);
        ApiResponses responses = operation.getResponses();
        if (status == null || !responses.containsKey("200") || responses.containsKey(status)) {
            return;
        }
        ApiResponse ok = responses.remove("200");
        if ("204".equals(status)) {
            ok.setContent(null);
            ok.setDescription("No Content");
        }
        responses.addApiResponse(status, ok);
    }

    private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
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
