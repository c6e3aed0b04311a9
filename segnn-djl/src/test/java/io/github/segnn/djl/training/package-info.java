/** Tests of {@code io.github.segnn.djl.training}. */
package io.github.segnn.djl.training;
