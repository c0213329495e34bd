package dev.sluice.controlplane.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the S3 notification shapes found in the wild: S3's own {@code Records[]} JSON, the same
 * wrapped in an SNS envelope, and EventBridge {@code Object Created} events. Test events and
 * removals yield nothing; anything else that is not one of these shapes is unparseable.
 */
final class S3NotificationParser {

    private final JsonMapper json;

    S3NotificationParser(JsonMapper json) {
        this.json = json;
    }

    List<FileArrived> parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new UnparseableMessageException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnparseableMessageException("not a JSON object");
        }
        if ("Notification".equals(text(root, "Type")) && root.has("Message")) {
            return parse(text(root, "Message"));
        }
        if ("s3:TestEvent".equals(text(root, "Event"))) {
            return List.of();
        }
        if (root.has("Records")) {
            return s3Records(root.get("Records"));
        }
        if ("aws.s3".equals(text(root, "source")) && root.has("detail-type")) {
            return eventBridge(root);
        }
        throw new UnparseableMessageException("neither S3 Records, an SNS envelope nor an EventBridge S3 event");
    }

    private List<FileArrived> s3Records(JsonNode records) {
        if (!records.isArray()) {
            throw new UnparseableMessageException("Records is not an array");
        }
        List<FileArrived> files = new ArrayList<>();
        for (JsonNode record : records) {
            String eventName = text(record, "eventName");
            if (eventName == null || !eventName.startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            String bucket = required(s3.path("bucket"), "name", "Records[].s3.bucket.name");
            JsonNode object = s3.path("object");
            String key = decodeKey(required(object, "key", "Records[].s3.object.key"));
            files.add(arrival(
                    bucket,
                    key,
                    object.path("versionId"),
                    object.path("eTag"),
                    object.path("size"),
                    instant(text(record, "eventTime"))));
        }
        return files;
    }

    /** EventBridge carries the key as it is, not URL-encoded. */
    private List<FileArrived> eventBridge(JsonNode root) {
        if (!"Object Created".equals(text(root, "detail-type"))) {
            return List.of();
        }
        JsonNode detail = root.path("detail");
        String bucket = required(detail.path("bucket"), "name", "detail.bucket.name");
        JsonNode object = detail.path("object");
        String key = required(object, "key", "detail.object.key");
        return List.of(arrival(
                bucket,
                key,
                object.path("version-id"),
                object.path("etag"),
                object.path("size"),
                instant(text(root, "time"))));
    }

    private static FileArrived arrival(
            String bucket, String key, JsonNode versionId, JsonNode etag, JsonNode size, Instant time) {
        String tag =
                etag.isMissingNode() || etag.isNull() ? "" : etag.asString().replace("\"", "");
        String version = versionId.isMissingNode() || versionId.isNull() ? "" : versionId.asString();
        // an unversioned bucket's notification says "null" where a versioned one gives the version id
        String pinned = "null".equals(version) ? "" : version;
        String versionTag = pinned.isEmpty() ? tag : pinned;
        if (versionTag.isEmpty()) {
            throw new UnparseableMessageException(
                    "s3://" + bucket + "/" + key + " has neither a version id nor an ETag");
        }
        return new FileArrived(bucket, key, versionTag, tag, size.asLong(0), time, pinned);
    }

    /** Keys in S3 notifications are form-encoded: {@code +} is a space, {@code %XX} an escaped byte. */
    static String decodeKey(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnparseableMessageException("object key is not form-encoded: " + key);
        }
    }

    private static String required(JsonNode node, String field, String path) {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new UnparseableMessageException("missing " + path);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
