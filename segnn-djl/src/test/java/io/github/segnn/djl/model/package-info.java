/** Tests of {@code io.github.segnn.djl.model}. */
package io.github.segnn.djl.model;
