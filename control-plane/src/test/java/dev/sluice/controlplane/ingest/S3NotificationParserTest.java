package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class S3NotificationParserTest {

    private final S3NotificationParser parser =
            new S3NotificationParser(JsonMapper.builder().build());

    private static String s3Records(String key, String extraObjectFields) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                  "eventTime":"2026-11-25T10:00:00.000Z","eventName":"ObjectCreated:Put",
                  "s3":{"bucket":{"name":"in-bucket"},
                        "object":{"key":"%s","size":42,"eTag":"0123abcd"%s}}}]}
                """.formatted(key, extraObjectFields);
    }

    @Test
    void readsS3RecordsAndDecodesFormEncodedKeys() {
        List<FileArrived> files = parser.parse(s3Records("in%2Fmy+file%2B1%3D2+%C3%A9t%C3%A9.csv", ""));

        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.bucket()).isEqualTo("in-bucket");
            assertThat(f.key()).isEqualTo("in/my file+1=2 été.csv");
            assertThat(f.size()).isEqualTo(42);
            assertThat(f.versionTag()).isEqualTo("0123abcd");
        });
    }

    @Test
    void prefersTheVersionIdOverTheEtagWhenTheBucketIsVersioned() {
        List<FileArrived> files = parser.parse(s3Records("a.csv", ",\"versionId\":\"v-17\""));

        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.versionTag()).isEqualTo("v-17");
            assertThat(f.etag()).isEqualTo("0123abcd");
        });
    }

    @Test
    void readsSeveralRecordsAndSkipsRemovals() {
        String body = """
                {"Records":[
                  {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"1.csv","size":1,"eTag":"e1"}}},
                  {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"2.csv"}}},
                  {"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"b"},"object":{"key":"3.csv","size":3,"eTag":"e3-2"}}}
                ]}""";

        assertThat(parser.parse(body)).extracting(FileArrived::key).containsExactly("1.csv", "3.csv");
    }

    @Test
    void unwrapsAnSnsEnvelope() {
        String inner = s3Records("x.csv", "").replace("\"", "\\\"").replace("\n", "");
        String body = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Message\":\"" + inner + "\"}";

        assertThat(parser.parse(body)).extracting(FileArrived::key).containsExactly("x.csv");
    }

    @Test
    void readsEventBridgeObjectCreatedWhoseKeysAreNotEncoded() {
        String body = """
                {"version":"0","id":"e-1","detail-type":"Object Created","source":"aws.s3",
                 "time":"2026-11-25T10:00:00Z","region":"us-east-1",
                 "detail":{"bucket":{"name":"in-bucket"},
                           "object":{"key":"in/a+b c.csv","size":7,"etag":"ff00","version-id":"v9"}}}
                """;

        assertThat(parser.parse(body)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("in/a+b c.csv");
            assertThat(f.versionTag()).isEqualTo("v9");
            assertThat(f.size()).isEqualTo(7);
        });
    }

    @Test
    void dropsTestEventsAndOtherEventBridgeEvents() {
        assertThat(parser.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}"))
                .isEmpty();
        assertThat(parser.parse("{\"source\":\"aws.s3\",\"detail-type\":\"Object Deleted\",\"detail\":{}}"))
                .isEmpty();
    }

    @Test
    void refusesWhatIsNoNotificationWithTheReason() {
        assertThatThrownBy(() -> parser.parse("not json"))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> parser.parse("{\"hello\":1}"))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("neither S3 Records");
        assertThatThrownBy(() -> parser.parse(
                        "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{},\"object\":{}}}]}"))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("Records[].s3.bucket.name");
    }
}
