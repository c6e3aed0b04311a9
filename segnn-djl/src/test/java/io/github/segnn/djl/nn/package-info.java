/** Tests of {@code io.github.segnn.djl.nn}. */
package io.github.segnn.djl.nn;
