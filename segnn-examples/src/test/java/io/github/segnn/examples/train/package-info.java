/** Tests of {@code io.github.segnn.examples.train}. */
package io.github.segnn.examples.train;
