/** Tests of the numpy-compatible random streams against values produced by real numpy. */
package io.github.segnn.examples.random;
