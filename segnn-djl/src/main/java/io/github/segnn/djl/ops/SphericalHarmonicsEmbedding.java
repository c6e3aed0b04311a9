// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.so3.SphericalHarmonics.Normalization;
import io.github.segnn.core.so3.SphericalHarmonics;
import io.github.segnn.djl.internal.Partition;
import io.github.segnn.djl.internal.Scalars;
import java.nio.DoubleBuffer;
import java.util.List;

/**
 * Real spherical harmonics of a batch of vectors as NDArray operations, differentiable.
 * Irreps out: {@code 1x0e+1x1o+...+1x(lmax)} ({@code (lmax+1)^2} columns), e3nn's basis.
 *
 * <p>Each degree comes from the previous one through the recursion of
 * {@link SphericalHarmonics#recursion(int)} (the coefficients live in segnn-core): two column
 * gathers, one product and one small matrix product per degree. With {@code normalize}, vectors are
 * divided by {@code max(|v|, 1e-12)}; a zero vector gives 0 for {@code l >= 1} in the value and in
 * the gradient (no NaN, no huge values), as happens for coincident atoms.
 */
public final class SphericalHarmonicsEmbedding {

    private SphericalHarmonicsEmbedding() {}

    /**
     * Computes the harmonics.
     *
     * @param vectors {@code (E, 3)}
     * @param lmax the largest degree
     * @param normalize whether to project the vectors onto the unit sphere first
     * @param normalization the normalization
     * @return {@code (E, (lmax+1)^2)}
     */
    public static NDArray compute(NDArray vectors, int lmax, boolean normalize, Normalization normalization) {
        if (vectors.getShape().dimension() != 2 || vectors.getShape().get(1) != 3) {
            throw new IllegalArgumentException("SphericalHarmonicsEmbedding expects vectors of shape (E, 3), got "
                    + vectors.getShape());
        }
        NDManager m = vectors.getManager();
        long rows = vectors.getShape().get(0);
        DataType dtype = vectors.getDataType();
        NDArray x = vectors;
        NDArray mask = null;
        if (normalize) {
            double eps = SphericalHarmonics.NORMALIZE_EPS;
            NDArray sq = vectors.square().sum(new int[] {1}, true);
            // sqrt(max(|v|^2, eps^2)) = max(|v|, eps) with a finite gradient at 0
            x = vectors.div(Scalars.maximum(sq, eps * eps).sqrt());
            mask = sq.gt(eps * eps).toType(dtype, false);
        }
        NDList parts = new NDList();
        NDArray prev = m.ones(new Shape(rows, 1), dtype, vectors.getDevice());
        parts.add(normalization.factor(0) == 1 ? prev : Scalars.mul(prev, normalization.factor(0)));
        for (int l = 1; l <= lmax; l++) {
            List<SphericalHarmonics.Term> terms = SphericalHarmonics.recursion(l);
            long[] ii = new long[terms.size()];
            long[] jj = new long[terms.size()];
            double[] mat = new double[terms.size() * (2 * l + 1)];
            for (int t = 0; t < terms.size(); t++) {
                SphericalHarmonics.Term term = terms.get(t);
                ii[t] = term.i();
                jj[t] = term.j();
                mat[t * (2 * l + 1) + term.k()] = term.coefficient();
            }
            NDArray xi = x.get(new NDIndex(":, {}", m.create(ii).toDevice(vectors.getDevice(), false)));
            NDArray yj = prev.get(new NDIndex(":, {}", m.create(jj).toDevice(vectors.getDevice(), false)));
            NDArray c = m.create(DoubleBuffer.wrap(mat), new Shape(terms.size(), 2 * l + 1)).toType(dtype, false)
                    .toDevice(vectors.getDevice(), false);
            NDArray y = xi.mul(yj).matMul(c);
            prev = y;
            NDArray out = normalization.factor(l) == 1 ? y : Scalars.mul(y, normalization.factor(l));
            parts.add(mask == null ? out : out.mul(mask));
        }
        return Partition.join(parts, 1);
    }
}
