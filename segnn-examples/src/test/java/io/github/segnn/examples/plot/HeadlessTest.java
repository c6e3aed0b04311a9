// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadlessTest {

    /**
     * With {@code DISPLAY} set and no {@code java.awt.headless} property, AWT would decide it has a
     * display; loading a plot class must set the property before any AWT class (even {@code
     * java.awt.Color} in a static field) fixes that decision.
     */
    @ParameterizedTest
    @ValueSource(classes = {LearningCurves.class, TrajectoryPlot.class})
    void loadingAPlotClassMakesAwtHeadless(Class<?> plotClass)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                HeadlessProbe.class.getName(),
                                plotClass.getName()));
        pb.environment().put("DISPLAY", ":99");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        assertEquals("true true", out);
    }
}
