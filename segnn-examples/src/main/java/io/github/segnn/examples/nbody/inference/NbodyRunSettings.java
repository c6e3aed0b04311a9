// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import io.github.segnn.examples.nbody.model.Centring;
import io.github.segnn.examples.nbody.data.GravityTarget;
import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.nbody.experiment.NbodyTask;
import java.util.Locale;
import java.util.Map;

/**
 * What an N-body run folder does not record and the model needs: the options {@code nbody train}
 * was given, read from DJL Criteria arguments with the command line's defaults.
 *
 * <ul>
 *   <li>{@code system}: {@code charged} (default) or {@code gravity};
 *   <li>{@code model}: {@code segnn-gp} (default), {@code segnn-g}, {@code se-linear},
 *       {@code se-nonlinear}, {@code egnn};
 *   <li>{@code faithful}: {@code true} for the official per-node centring (default false);
 *   <li>{@code neighbours}: k of the gravity kNN graph (default 6);
 *   <li>{@code target}: gravity only, {@code pos} (default) or {@code force}.
 * </ul>
 *
 * @param task the experiment (graph rule, residual output)
 * @param architecture the network
 * @param centring the centring of the positions
 * @param quantity {@code positions} or {@code forces}
 */
public record NbodyRunSettings(NbodyTask task, NbodyArchitecture architecture, Centring centring, String quantity) {

    /**
     * Reads the settings from Criteria arguments.
     *
     * @param arguments the arguments (values are strings, or what {@code toString} makes one)
     * @return the settings
     * @throws IllegalArgumentException naming the argument if a value is invalid
     */
    public static NbodyRunSettings of(Map<String, ?> arguments) {
        String system = arg(arguments, "system", "charged").toLowerCase(Locale.ROOT);
        NbodyArchitecture arch = NbodyArchitecture.parse(arg(arguments, "model", "segnn-gp"));
        String faithful = arg(arguments, "faithful", "false");
        if (!faithful.equals("true") && !faithful.equals("false")) {
            throw new IllegalArgumentException("Criteria argument faithful must be true or false, got '" + faithful + "'");
        }
        Centring centring = faithful.equals("true") ? Centring.PER_NODE : Centring.PER_GRAPH;
        NbodyTask task;
        String quantity = "positions";
        switch (system) {
            case "charged" -> task = NbodyTask.CHARGED;
            case "gravity" -> {
                int k;
                try {
                    k = Integer.parseInt(arg(arguments, "neighbours", "6"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Criteria argument neighbours must be an integer, got '"
                            + arguments.get("neighbours") + "'");
                }
                String t = arg(arguments, "target", "pos").toLowerCase(Locale.ROOT);
                GravityTarget target = switch (t) {
                    case "pos" -> GravityTarget.POS;
                    case "force" -> GravityTarget.FORCE;
                    default -> throw new IllegalArgumentException("Criteria argument target must be pos or force, got '"
                            + t + "'");
                };
                quantity = target == GravityTarget.POS ? "positions" : "forces";
                task = NbodyTask.gravity(k, target);
            }
            default -> throw new IllegalArgumentException("Criteria argument system must be charged or gravity, got '"
                    + system + "'");
        }
        return new NbodyRunSettings(task, arch, centring, quantity);
    }

    private static String arg(Map<String, ?> arguments, String name, String fallback) {
        Object v = arguments == null ? null : arguments.get(name);
        return v == null ? fallback : v.toString().strip();
    }
}
