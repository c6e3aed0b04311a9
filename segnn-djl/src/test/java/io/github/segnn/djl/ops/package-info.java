/** Tests of {@code io.github.segnn.djl.ops}. */
package io.github.segnn.djl.ops;
