package dev.sluice.gluejob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testsupport.RepoRoot;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glue compiles the Scala script at the job's ScriptLocation and starts its {@code --class}. The
 * script Sluice publishes (deploy-templates' SluiceGlueEntry.scala) must compile against this jar
 * with Glue 5.0's Scala and hand its arguments over to {@link SluiceGlueJob}.
 */
class GlueScriptTest {

    private static final Path SCRIPT =
            RepoRoot.path().resolve("deploy-templates/src/main/resources/sluice/glue/SluiceGlueEntry.scala");

    @Test
    void theScriptCompilesAndHandsItsArgumentsToTheJob(@TempDir Path classes) throws Exception {
        String classpath = String.join(File.pathSeparator, location(SluiceGlueJob.class), location(scala.Predef.class));
        boolean compiled = scala.tools.nsc.Main.process(
                new String[] {"-classpath", classpath, "-d", classes.toString(), SCRIPT.toString()});
        assertThat(compiled).as("scalac compiles " + SCRIPT).isTrue();

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("SluiceGlueEntry").getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

            // No --manifest: the job's own argument check answers, so the call reached SluiceGlueJob.
            assertThatThrownBy(() -> main.invoke(null, (Object) new String[] {"--JOB_NAME", "sluice-test"}))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(InvalidJobArgumentException.class)
                    .hasMessageContaining("--manifest");
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
