package dev.sluice.controlplane.api;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the server's file system out of what callers read: error messages of runs and files name
 * a file under {@code sluice.home} by its path relative to it ({@code output/orders/...}) and any
 * other absolute path by its last element only. URIs ({@code s3://bucket/key}) are left as they are.
 */
@Component
public class ServerPaths {

    /** An absolute path: a '/' that no letter, digit, ':' or '/' precedes (that would be a URI or a relative path). */
    private static final Pattern ABSOLUTE = Pattern.compile("(?<![\\w.:/~…-])/[^\\s'\"(),;]+");

    /** A {@code file:} URI of the server's inside a message: the embedded engine names files so. */
    private static final Pattern FILE_URI = Pattern.compile("file:(//)?/[^\\s'\"(),;]+");

    private final String home;

    ServerPaths(@Value("${sluice.home:}") String home) {
        this.home =
                home.isBlank() ? "" : Path.of(home).toAbsolutePath().normalize().toString();
    }

    /** The text with its absolute server paths hidden; null stays null. */
    public String hide(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return text;
        }
        Matcher uris = FILE_URI.matcher(text);
        StringBuilder withUris = new StringBuilder();
        while (uris.find()) {
            uris.appendReplacement(withUris, Matcher.quoteReplacement(hideUri(uris.group())));
        }
        uris.appendTail(withUris);
        Matcher paths = ABSOLUTE.matcher(withUris);
        StringBuilder hidden = new StringBuilder();
        while (paths.find()) {
            paths.appendReplacement(hidden, Matcher.quoteReplacement(relative(paths.group())));
        }
        paths.appendTail(hidden);
        return hidden.toString();
    }

    /**
     * A {@code file:} URI of the server's (an embedded run's manifest) as {@code file:<path>},
     * the path hidden as in {@link #hide}; any other URI as it is.
     */
    public String hideUri(String uri) {
        if (uri == null || !uri.startsWith("file:")) {
            return uri;
        }
        String path = uri.replaceFirst("^file:(//)?", "");
        return "file:" + relative(path.startsWith("/") ? path : "/" + path);
    }

    private String relative(String path) {
        if (!home.isEmpty() && path.startsWith(home + "/")) {
            return path.substring(home.length() + 1);
        }
        if (path.equals(home)) {
            return "<sluice.home>";
        }
        int last = path.lastIndexOf('/', path.length() - 2);
        return "…" + path.substring(last);
    }
}
