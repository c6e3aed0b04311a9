// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.so3;

import java.util.Random;

/**
 * Rotation matrices and e3nn's Euler angles: {@code R(alpha, beta, gamma) = R_y(alpha) R_x(beta)
 * R_y(gamma)}, acting on column vectors {@code (x, y, z)}; and random elements of O(3).
 */
public final class Rotations {

    private Rotations() {}

    /**
     * Returns the rotation about the x axis.
     *
     * @param a the angle
     * @return the matrix
     */
    public static double[][] aboutX(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[][] {{1, 0, 0}, {0, c, -s}, {0, s, c}};
    }

    /**
     * Returns the rotation about the y axis.
     *
     * @param a the angle
     * @return the matrix
     */
    public static double[][] aboutY(double a) {
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new double[][] {{c, 0, s}, {0, 1, 0}, {-s, 0, c}};
    }

    /**
     * Returns {@code R_y(alpha) R_x(beta) R_y(gamma)} (e3nn's {@code angles_to_matrix}).
     *
     * @param alpha first angle
     * @param beta second angle
     * @param gamma third angle
     * @return the rotation
     */
    public static double[][] fromAngles(double alpha, double beta, double gamma) {
        return Matrices.multiply(Matrices.multiply(aboutY(alpha), aboutX(beta)), aboutY(gamma));
    }

    /**
     * Returns e3nn's Euler angles {@code (alpha, beta, gamma)} of a proper rotation.
     *
     * @param r a rotation matrix (det +1)
     * @return the angles
     */
    public static double[] toAngles(double[][] r) {
        double[] y = {r[0][1], r[1][1], r[2][1]};
        double n = Math.sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]);
        double beta = Math.acos(Math.max(-1, Math.min(1, y[1] / n)));
        double alpha = Math.atan2(y[0] / n, y[2] / n);
        double[][] rest = Matrices.multiply(Matrices.transpose(fromAngles(alpha, beta, 0)), r);
        double gamma = Math.atan2(rest[0][2], rest[0][0]);
        return new double[] {alpha, beta, gamma};
    }

    /**
     * Returns a uniformly random rotation (from a random unit quaternion).
     *
     * @param random the random source
     * @return a proper rotation
     */
    public static double[][] randomRotation(Random random) {
        double w = random.nextGaussian();
        double x = random.nextGaussian();
        double y = random.nextGaussian();
        double z = random.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[][] {
            {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
            {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
            {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}
        };
    }

    /**
     * Returns a random element of O(3): a uniform rotation, composed with the inversion with
     * probability 1/2 (or always, if {@code reflect} is true).
     *
     * @param random the random source
     * @param reflect whether to force an improper element
     * @return the orthogonal matrix
     */
    public static double[][] randomOrthogonal(Random random, boolean reflect) {
        double[][] r = randomRotation(random);
        return reflect ? Matrices.scale(r, -1) : r;
    }
}
