package dev.sluice.controlplane.modules;

import dev.sluice.controlplane.SluiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The control plane's features and the rules between them: Spring Modulith fails on a cycle
 * between features and on a type used from another feature's internals; {@link TableOwnershipTest}
 * does the same for SQL on another feature's tables.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(SluiceApplication.class);

    @Test
    void featuresDependOnEachOtherOnlyThroughTheirApiAndWithoutCycles() {
        MODULES.verify();
    }

    /** Regenerates the module diagrams in {@code docs/modules} (committed, so reviews see changes). */
    @Test
    void writesTheModuleDiagram() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
