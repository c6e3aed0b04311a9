/** Tests of {@code io.github.segnn.djl.check}. */
package io.github.segnn.djl.check;
