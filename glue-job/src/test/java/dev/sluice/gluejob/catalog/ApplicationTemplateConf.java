package dev.sluice.gluejob.catalog;

import dev.sluice.testsupport.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Spark settings the application stack gives the job through Glue's {@code --conf}. */
public final class ApplicationTemplateConf {

    private static final Pattern SETTING = Pattern.compile("(spark\\.sql\\.[A-Za-z0-9._-]+)=(\\S+)");

    private ApplicationTemplateConf() {}

    /** The settings, with the output bucket the template imports replaced by {@code outputBucket}. */
    public static Map<String, String> sparkConf(String outputBucket) {
        String template;
        try {
            template = Files.readString(
                    RepoRoot.path().resolve("deploy-templates/src/main/resources/sluice/templates/application.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int conf = template.indexOf("\"--conf\":");
        if (conf < 0) {
            throw new IllegalStateException("application.yaml gives the job no --conf");
        }
        String block = template.substring(conf, template.indexOf("Fn::ImportValue", conf));
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(block);
        while (m.find()) {
            settings.put(m.group(1), m.group(2).replace("${OutputBucket}", outputBucket));
        }
        return settings;
    }
}
