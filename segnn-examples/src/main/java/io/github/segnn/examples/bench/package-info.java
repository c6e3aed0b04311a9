/** The benchmark table of the tensor-product kernel and SEGNN training steps. */
package io.github.segnn.examples.bench;
