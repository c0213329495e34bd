package dev.sluice.controlplane.pipelines;

/** How many of a pipeline's files wait for a run, as the feature that records files tells it. */
public interface QueuedFiles {

    long queuedFiles(String pipeline);
}
