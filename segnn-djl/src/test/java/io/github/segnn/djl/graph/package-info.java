/** Tests of {@code io.github.segnn.djl.graph}. */
package io.github.segnn.djl.graph;
