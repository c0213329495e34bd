package dev.sluice.controlplane.deploy;

import java.util.Map;
import org.springframework.core.io.Resource;

/** Where the deployer reads pinned content by digest; the releases feature keeps it. */
public interface PinnedArtifacts {

    /** The template body whose SHA-256 is {@code digest}. */
    String template(String digest);

    /** The glue-job jar whose SHA-256 is {@code digest}. */
    Resource glueJobJar(String digest);

    /** The environment's section of the parameter file whose SHA-256 is {@code digest}. */
    Map<String, String> parameters(String digest, String environment);
}
