package dev.sluice.controlplane.pipelines;

import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code sluice.pipelines.<name>}: the pipelines this control plane runs. */
@Validated
@ConfigurationProperties("sluice")
record PipelinesProperties(@DefaultValue @Valid Map<String, PipelineSettings> pipelines) {}
