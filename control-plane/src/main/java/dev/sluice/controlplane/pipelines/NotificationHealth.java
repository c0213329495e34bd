package dev.sluice.controlplane.pipelines;

/** Whether a pipeline's S3 notifications look broken, as the feature that sweeps its input judges. */
public interface NotificationHealth {

    boolean looksBroken(String pipeline);
}
