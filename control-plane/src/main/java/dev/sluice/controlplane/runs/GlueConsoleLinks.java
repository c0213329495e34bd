package dev.sluice.controlplane.runs;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * Links from a Glue run to the AWS console: its continuous logs in CloudWatch, all streams of the
 * job run (driver and executors) in the pipeline environment's log group. Only with the
 * {@code aws} profile: embedded runs log to the control plane's own log.
 */
@Component
@Profile("aws")
class GlueConsoleLinks {

    private final Region region;
    private final GlueProperties glue;

    @Autowired
    GlueConsoleLinks(AwsRegionProvider regions, GlueProperties glue) {
        this(regions.getRegion(), glue);
    }

    GlueConsoleLinks(Region region, GlueProperties glue) {
        this.region = region;
        this.glue = glue;
    }

    /** The CloudWatch console showing the log streams of a job run; empty before the run has a job run id. */
    Optional<URI> logs(String environment, String jobRunId) {
        if (jobRunId == null || jobRunId.isBlank()) {
            return Optional.empty();
        }
        String group = glue.logGroup().replace("{environment}", environment);
        String fragment = "logsV2:log-groups/log-group/" + consoleEscape(group) + "$3FlogStreamNameFilter$3D"
                + consoleEscape(jobRunId);
        return Optional.of(URI.create("https://" + region.id() + ".console." + consoleDomain()
                + "/cloudwatch/home?region=" + region.id() + "#" + fragment));
    }

    private String consoleDomain() {
        return region.id().startsWith("cn-") ? "amazonaws.cn" : "aws.amazon.com";
    }

    /**
     * The CloudWatch console's own escaping of names inside the URL fragment: percent-encode, then
     * write each {@code %} as {@code $25}, so that {@code /} becomes {@code $252F}. (The fragment's
     * own {@code ?} and {@code =} are escaped once: {@code $3F}, {@code $3D}.)
     */
    static String consoleEscape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%", "$25");
    }
}
