// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

/**
 * Puts AWT into headless mode before the plotting classes touch it.
 *
 * <p>AWT reads the system property {@code java.awt.headless} once, the first time anything asks
 * {@code java.awt.GraphicsEnvironment.isHeadless()}; merely initialising {@code java.awt.Color}
 * does. On Linux an unset property means "headless only if {@code DISPLAY} is unset", so a job
 * that inherits a stale {@code DISPLAY} (ssh, some CI runners) would try to reach an X server.
 * The public plotting classes therefore call {@link #ensure()} from a static initialiser placed
 * before all their static fields, so it runs before any of their code can load an AWT or
 * JFreeChart class, and charts render without a display. A value the user set explicitly, {@code
 * -Djava.awt.headless=false} included, is left alone; if other code initialised AWT earlier, its
 * decision stands.
 */
final class Headless {

    /** The system property AWT reads. */
    static final String PROPERTY = "java.awt.headless";

    private Headless() {}

    /** Sets {@code java.awt.headless=true} unless the property already has a value. */
    static void ensure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
