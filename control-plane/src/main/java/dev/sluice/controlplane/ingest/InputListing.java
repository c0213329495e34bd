package dev.sluice.controlplane.ingest;

import java.util.Optional;

/**
 * The listing side of the file-events port: what lies under a pipeline's input, page by page, and
 * an object's current version as its notification would have named it.
 */
interface InputListing {

    /** At most {@code maxKeys} objects under the prefix, in key order, from where {@code token} left off. */
    ListingPage page(String bucket, String prefix, Optional<String> token, int maxKeys);

    /** The current version of an object, or empty when it is gone. */
    Optional<FileArrived> current(String bucket, String key);
}
