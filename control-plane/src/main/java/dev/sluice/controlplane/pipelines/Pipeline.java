package dev.sluice.controlplane.pipelines;

/** A named pipeline. */
public record Pipeline(String name, PipelineSettings settings) {}
