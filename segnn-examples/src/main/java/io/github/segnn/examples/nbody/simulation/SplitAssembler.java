// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

/**
 * Gathers the trajectories of one split, integrated in any order on any thread, into the split's
 * arrays. Each index is put once, from one thread; {@link #build()} runs after every put.
 *
 * @param <T> one trajectory
 * @param <R> the split
 */
interface SplitAssembler<T, R> {

    /**
     * Copies a trajectory into its place.
     *
     * @param index the trajectory's place in draw order
     * @param trajectory the trajectory
     */
    void put(int index, T trajectory);

    /**
     * Returns the split.
     *
     * @return the arrays of every trajectory put
     */
    R build();
}
