/** Tests of {@code io.github.segnn.djl.io}. */
package io.github.segnn.djl.io;
