/** Tests of {@code io.github.segnn.core.tp}. */
package io.github.segnn.core.tp;
