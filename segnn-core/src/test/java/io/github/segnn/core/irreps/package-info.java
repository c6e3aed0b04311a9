/** Tests of {@code io.github.segnn.core.irreps}. */
package io.github.segnn.core.irreps;
