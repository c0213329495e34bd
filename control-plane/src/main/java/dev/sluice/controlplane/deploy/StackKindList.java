package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.environments.SluiceStacks;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tells the environments feature which stacks there are: one per {@link StackKind}. */
@Component
class StackKindList implements SluiceStacks {

    @Override
    public List<String> ids() {
        return Arrays.stream(StackKind.values()).map(StackKind::id).toList();
    }
}
