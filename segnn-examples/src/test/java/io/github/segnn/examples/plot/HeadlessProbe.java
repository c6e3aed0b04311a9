// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.plot;

import java.awt.GraphicsEnvironment;

/**
 * Run in a fresh JVM by {@link HeadlessTest}: initialises the class named by the first argument,
 * then prints the {@code java.awt.headless} property and whether AWT ended up headless.
 */
final class HeadlessProbe {

    private HeadlessProbe() {}

    /**
     * Entry point.
     *
     * @param args the fully qualified name of the class to initialise
     * @throws ClassNotFoundException if it does not exist
     */
    public static void main(String[] args) throws ClassNotFoundException {
        Class.forName(args[0], true, HeadlessProbe.class.getClassLoader());
        System.out.println(
                System.getProperty("java.awt.headless") + " " + GraphicsEnvironment.isHeadless());
    }
}
