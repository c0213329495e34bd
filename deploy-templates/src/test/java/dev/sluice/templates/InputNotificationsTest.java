package dev.sluice.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The input bucket notifies the queue of every object a pipeline reads by default: plain CSV and
 * its gzip, zstd and bzip2 forms, each under the input prefix, and nothing else.
 */
class InputNotificationsTest {

    private static final Map<String, Object> TEMPLATE = CloudFormationYaml.read(
            TemplatesPassCfnLintTest.Templates.directory().resolve("infrastructure.yaml"));

    @Test
    void everyDefaultInputSuffixRaisesANotificationToTheQueue() {
        List<Map<String, Object>> configurations = queueConfigurations();

        assertThat(configurations)
                .extracting(InputNotificationsTest::suffix)
                .containsExactly(
                        Map.of("Ref", "InputSuffix"),
                        Map.of("Fn::Sub", "${InputSuffix}.gz"),
                        Map.of("Fn::Sub", "${InputSuffix}.zst"),
                        Map.of("Fn::Sub", "${InputSuffix}.bz2"));
        assertThat(configurations).allSatisfy(c -> {
            assertThat(c.get("Event")).isEqualTo("s3:ObjectCreated:*");
            assertThat(c.get("Queue")).isEqualTo(Map.of("Fn::GetAtt", "NotificationQueue.Arn"));
            assertThat(rule(c, "prefix")).isEqualTo(Map.of("Ref", "InputPrefix"));
        });
    }

    /** S3 refuses configurations of one event whose suffixes overlap (one ends with the other). */
    @Test
    void theSuffixesDoNotOverlapForTheDefaultOrAnyPlainSuffix() {
        for (String base : List.of(".csv", ".tsv", "csv")) {
            List<String> suffixes = List.of(base, base + ".gz", base + ".zst", base + ".bz2");
            for (String a : suffixes) {
                for (String b : suffixes) {
                    assertThat(a.equals(b) || !a.endsWith(b))
                            .as("%s ends with %s", a, b)
                            .isTrue();
                }
            }
        }
    }

    /**
     * More suffixes send nothing new to the queue's policy: S3 of the input bucket alone may send,
     * whatever the key.
     */
    @Test
    void theQueueStillAcceptsMessagesFromTheInputBucketOnly() {
        Map<String, Object> policy =
                map(map(resource("NotificationQueuePolicy").get("Properties")).get("PolicyDocument"));
        List<Map<String, Object>> allows = new ArrayList<>();
        for (Object statement : (List<?>) policy.get("Statement")) {
            if ("Allow".equals(map(statement).get("Effect"))) {
                allows.add(map(statement));
            }
        }
        assertThat(allows).singleElement().satisfies(allow -> {
            assertThat(allow.get("Action")).isEqualTo("sqs:SendMessage");
            assertThat(String.valueOf(allow.get("Condition"))).contains("aws:SourceArn", "-input-");
        });
    }

    private static List<Map<String, Object>> queueConfigurations() {
        Map<String, Object> properties = map(resource("InputBucket").get("Properties"));
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object c :
                (List<?>) map(properties.get("NotificationConfiguration")).get("QueueConfigurations")) {
            found.add(map(c));
        }
        return found;
    }

    private static Object suffix(Map<String, Object> configuration) {
        return rule(configuration, "suffix");
    }

    private static Object rule(Map<String, Object> configuration, String name) {
        Object rules = map(map(configuration.get("Filter")).get("S3Key")).get("Rules");
        for (Object rule : (List<?>) rules) {
            if (name.equals(map(rule).get("Name"))) {
                return map(rule).get("Value");
            }
        }
        return null;
    }

    private static Map<String, Object> resource(String logicalId) {
        return map(map(TEMPLATE.get("Resources")).get(logicalId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
