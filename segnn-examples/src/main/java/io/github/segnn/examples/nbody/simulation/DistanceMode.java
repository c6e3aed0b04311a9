// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/** How {@link ChargedSystem} computes the squared distance between two particles. */
public enum DistanceMode {
    /**
     * As the reference {@code _l2} does in numpy: |a|² + |b|² − 2·a·b, with the squared norms
     * summed left to right and the dot product as OpenBLAS's FMA kernels on x86-64 compute it (a
     * fused chain over x, y, z). With this mode the Java simulator reproduces the reference Python
     * generator run with numpy + OpenBLAS on an AVX2 machine bit for bit (up to the rare last-bit
     * misrounding of glibc's {@code pow}). The formula loses relative accuracy for close pairs.
     */
    NUMPY,
    /** |a − b|² computed from the coordinate differences: accurate, but not the reference's bits. */
    DIRECT
}
