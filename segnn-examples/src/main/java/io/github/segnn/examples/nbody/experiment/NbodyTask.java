// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.experiment;

import io.github.segnn.examples.nbody.data.GravityTarget;
import io.github.segnn.examples.nbody.data.NbodyGraph;

/**
 * What distinguishes the charged and the gravity N-body experiments once their frames are loaded:
 * how systems are connected and how the network's output becomes the prediction.
 *
 * @param name prefix of run names, {@code nbody} or {@code gravity[-force]}
 * @param title description used in plots
 * @param graph how the particles of a system are connected
 * @param residual whether the prediction is {@code input positions + network output} (charged,
 *     {@code train_nbody.py}) or the network output itself ({@code train_gravity.py}, whose output
 *     is therefore a translation-invariant vector, even when the target is a position)
 */
public record NbodyTask(String name, String title, NbodyGraph graph, boolean residual) {

    /** The charged 5-body experiment: fully connected, positions predicted as {@code p + output}. */
    public static final NbodyTask CHARGED = new NbodyTask("nbody", "charged N-body", NbodyGraph.FULLY_CONNECTED, true);

    /**
     * Returns the gravity experiment: kNN graph, direct prediction.
     *
     * @param neighbours {@code k} of the kNN graph (6 in the reference)
     * @param target positions or forces
     * @return the task
     */
    public static NbodyTask gravity(int neighbours, GravityTarget target) {
        return new NbodyTask(target == GravityTarget.POS ? "gravity" : "gravity-force",
                "gravity N-body (" + target.flag() + ")", NbodyGraph.knn(neighbours), false);
    }

    /**
     * Returns whether the labels are positions (so a trajectory plot makes sense).
     *
     * @return false for the gravity force target
     */
    public boolean predictsPositions() {
        return !name.endsWith("-force");
    }
}
