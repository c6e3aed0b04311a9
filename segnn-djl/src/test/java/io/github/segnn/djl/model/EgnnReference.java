// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.segnn.djl.BlockTesting;
import java.util.ArrayList;
import java.util.List;

/**
 * EGNN_vel written from the paper and the official E_GCL_vel with plain loops in double, reading the
 * weights of the DJL blocks: the hand computation the Egnn tests compare against.
 */
final class EgnnReference {

    private EgnnReference() {}

    /** A dense layer: weight (out x in, row-major) and optional bias. */
    record Dense(double[] w, double[] b, int in, int out) {
        static Dense of(Linear l) {
            Parameter w = l.getParameters().get("weight");
            Parameter b = l.getParameters().get("bias");
            long[] shape = w.getArray().getShape().getShape();
            return new Dense(BlockTesting.doubles(w.getArray()), b == null ? null : BlockTesting.doubles(b.getArray()),
                    (int) shape[1], (int) shape[0]);
        }

        double[] apply(double[] x) {
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[i];
                }
                y[o] = s;
            }
            return y;
        }
    }

    /** Linear, SiLU, Linear[, SiLU]. */
    record Mlp(Dense first, Dense second, boolean lastActivation) {
        static Mlp of(Block seq, boolean lastActivation) {
            List<Linear> ls = new ArrayList<>();
            for (Block b : ((SequentialBlock) seq).getChildren().values()) {
                if (b instanceof Linear) {
                    ls.add((Linear) b);
                }
            }
            return new Mlp(Dense.of(ls.get(0)), Dense.of(ls.get(1)), lastActivation);
        }

        double[] apply(double[] x) {
            double[] y = second.apply(silu(first.apply(x)));
            return lastActivation ? silu(y) : y;
        }
    }

    static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /**
     * One layer: returns {h', x'}.
     *
     * @param layer the DJL layer (its weights are read)
     * @param h (N, H)
     * @param x (N, 3)
     * @param v (N, 3)
     * @param edges {sources, targets}
     * @param a (E, k)
     * @param coordsWeight C
     * @return {h', x'}
     */
    static double[][][] layer(EgnnLayer layer, double[][] h, double[][] x, double[][] v, long[][] edges, double[][] a,
            double coordsWeight) {
        Mlp phiE = Mlp.of(layer.getChildren().get("01edgeMlp"), true);
        Mlp phiH = Mlp.of(layer.getChildren().get("02nodeMlp"), false);
        Mlp phiX = Mlp.of(layer.getChildren().get("03coordMlp"), false);
        Mlp phiV = Mlp.of(layer.getChildren().get("04velocityMlp"), false);
        int n = h.length;
        int hid = h[0].length;
        double[][] xOut = new double[n][3];
        double[][] agg = new double[n][hid];
        double[][] coordSum = new double[n][3];
        int[] degree = new int[n];
        for (int e = 0; e < edges[0].length; e++) {
            int j = (int) edges[0][e];
            int i = (int) edges[1][e];
            double[] diff = {x[i][0] - x[j][0], x[i][1] - x[j][1], x[i][2] - x[j][2]};
            double radial = diff[0] * diff[0] + diff[1] * diff[1] + diff[2] * diff[2];
            double[] m = phiE.apply(concat(h[i], h[j], new double[] {radial}, a[e]));
            double s = phiX.apply(m)[0];
            for (int c = 0; c < 3; c++) {
                coordSum[i][c] += Math.max(-100, Math.min(100, diff[c] * s));
            }
            for (int c = 0; c < hid; c++) {
                agg[i][c] += m[c];
            }
            degree[i]++;
        }
        double[][] hOut = new double[n][];
        for (int i = 0; i < n; i++) {
            double vel = phiV.apply(h[i])[0];
            for (int c = 0; c < 3; c++) {
                xOut[i][c] = x[i][c] + coordsWeight * coordSum[i][c] / Math.max(1, degree[i]) + vel * v[i][c];
            }
            double[] upd = phiH.apply(concat(h[i], agg[i]));
            hOut[i] = new double[hid];
            for (int c = 0; c < hid; c++) {
                hOut[i][c] = h[i][c] + upd[c];
            }
        }
        return new double[][][] {hOut, xOut};
    }

    /**
     * The whole model: embedding then layers; returns x'.
     *
     * @param model the DJL model
     * @param h (N, Fin)
     * @param x (N, 3)
     * @param v (N, 3)
     * @param edges {sources, targets}
     * @param a (E, k)
     * @return (N, 3)
     */
    static double[][] model(Egnn model, double[][] h, double[][] x, double[][] v, long[][] edges, double[][] a) {
        Dense emb = Dense.of(model.getEmbedding());
        double[][] hh = new double[h.length][];
        for (int i = 0; i < h.length; i++) {
            hh[i] = emb.apply(h[i]);
        }
        double[][] xx = x;
        for (EgnnLayer layer : model.getLayers()) {
            double[][][] out = layer(layer, hh, xx, v, edges, a, 1.0);
            hh = out[0];
            xx = out[1];
        }
        return xx;
    }

    /**
     * Splits a row-major array into rows.
     *
     * @param flat the values
     * @param cols the row length
     * @return the rows
     */
    static double[][] rows(double[] flat, int cols) {
        double[][] out = new double[flat.length / cols][cols];
        for (int r = 0; r < out.length; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /**
     * Joins rows into a row-major array.
     *
     * @param rows the rows
     * @return the values
     */
    static double[] flat(double[][] rows) {
        return concat(rows);
    }
}
