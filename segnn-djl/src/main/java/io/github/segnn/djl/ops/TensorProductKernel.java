package io.github.segnn.djl.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that turns a {@link TensorProductPlan} into NDArray calls: a fused, sparse
 * fully connected ({@code uvw}) tensor product. Stateless apart from host-side tables built once.
 *
 * <p>Irreps in: {@code x1 (B, in1.dim)}, {@code x2 (B, in2.dim)}, flat weights in e3nn's layout.
 * Irreps out: {@code (B, out.dim)}.
 *
 * <p>Algorithm: (1) the outer product {@code x1 (x) x2}, laid out {@code (in1.dim * in2.dim, B)};
 * (2) one sparse matrix product with a constant coupling operator that holds only the nonzero 3j
 * entries of every path and copy pair, giving the coupled features {@code Z} grouped by output
 * block as {@code (2l+1, fanIn, B)}; (3) per output block, one dense matrix product of {@code Z}
 * with that block's weights gathered into a {@code (fanIn, mul)} matrix. The number of NDArray calls
 * per forward is {@code 9 + 8 * (number of output blocks)} (plus one per scalar block with a bias),
 * independent of the multiplicities and of the number of paths; see
 * {@link #ndarrayCallsPerForward(boolean)}.
 */
public final class TensorProductKernel {

    private final TensorProductPlan plan;
    private final PathNormalization normalization;
    private final int dim1;
    private final int dim2;
    private final int rowsZ;
    private final long[] cooRows;
    private final long[] cooCols;
    private final double[] cooValues;
    private final long[] weightOrder;
    private final List<OutBlock> outBlocks = new ArrayList<>();
    private final Map<String, NDList> constants = new ConcurrentHashMap<>();

    /** Layout of one reachable output block in Z and in the regrouped weights. */
    private record OutBlock(int index, int dim, int mul, int fanIn, int zOffset, int wOffset, int biasOffset) {}

    /**
     * Builds the kernel of a plan.
     *
     * @param plan the tensor-product plan
     * @param normalization the path normalization
     */
    public TensorProductKernel(TensorProductPlan plan, PathNormalization normalization) {
        this.plan = plan;
        this.normalization = normalization;
        Irreps in1 = plan.in1();
        Irreps in2 = plan.in2();
        Irreps out = plan.out();
        dim1 = in1.dim();
        dim2 = in2.dim();
        List<Long> rows = new ArrayList<>();
        List<Long> cols = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        long[] order = new long[plan.weightNumel()];
        int z = 0;
        int w = 0;
        int bias = 0;
        for (int c = 0; c < out.size(); c++) {
            MulIrrep oc = out.get(c);
            int d3 = oc.irrep().dim();
            int fan = plan.fanIn(c);
            if (oc.mul() == 0 || fan == 0) {
                continue;
            }
            outBlocks.add(new OutBlock(c, d3, oc.mul(), fan, z, w, oc.irrep().isScalar() ? bias : -1));
            if (oc.irrep().isScalar()) {
                bias += oc.mul();
            }
            int kOffset = 0;
            for (Instruction ins : plan.pathsInto(c)) {
                int mul1 = ins.in1().mul();
                int mul2 = ins.in2().mul();
                int d1 = ins.in1().irrep().dim();
                int d2 = ins.in2().irrep().dim();
                int o1 = in1.offset(ins.i1());
                int o2 = in2.offset(ins.i2());
                double f = normalization.factor(ins);
                int[] ci = ins.cg().i();
                int[] cj = ins.cg().j();
                int[] ck = ins.cg().k();
                double[] cv = ins.cg().value();
                for (int u = 0; u < mul1; u++) {
                    for (int v = 0; v < mul2; v++) {
                        int kk = kOffset + u * mul2 + v;
                        for (int e = 0; e < cv.length; e++) {
                            rows.add((long) z + (long) ck[e] * fan + kk);
                            cols.add((long) (o1 + u * d1 + ci[e]) * dim2 + (o2 + v * d2 + cj[e]));
                            vals.add(f * cv[e]);
                        }
                        for (int x = 0; x < oc.mul(); x++) {
                            order[w + kk * oc.mul() + x] = ins.weightOffset() + (long) (u * mul2 + v) * oc.mul() + x;
                        }
                    }
                }
                kOffset += mul1 * mul2;
            }
            z += d3 * fan;
            w += fan * oc.mul();
        }
        rowsZ = z;
        weightOrder = order;
        cooRows = rows.stream().mapToLong(Long::longValue).toArray();
        cooCols = cols.stream().mapToLong(Long::longValue).toArray();
        cooValues = vals.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns the plan.
     *
     * @return the plan
     */
    public TensorProductPlan plan() {
        return plan;
    }

    /**
     * Returns the path normalization.
     *
     * @return the normalization
     */
    public PathNormalization normalization() {
        return normalization;
    }

    /**
     * Returns the number of nonzero entries of the coupling operator.
     *
     * @return the count
     */
    public int couplingNonzeros() {
        return cooValues.length;
    }

    /**
     * Returns the number of scalar ({@code 0e}) output channels, the length of the bias.
     *
     * @return the bias length
     */
    public int biasLength() {
        int n = 0;
        for (MulIrrep b : plan.out().blocks()) {
            if (b.irrep().isScalar()) {
                n += b.mul();
            }
        }
        return n;
    }

    /**
     * Returns how many NDArray operations one forward issues.
     *
     * @param withBias whether a bias is added
     * @return the count
     */
    public int ndarrayCallsPerForward(boolean withBias) {
        // transposes, expandDims, mul, reshape (6), sparse matMul (1), weight gather (1), concat (1);
        // per block: two slices, two reshapes, transpose, matMul, transpose, reshape (8)
        int scalarBlocks = 0;
        for (OutBlock b : outBlocks) {
            if (b.biasOffset >= 0) {
                scalarBlocks++;
            }
        }
        return 9 + 8 * outBlocks.size() + (withBias ? 2 * scalarBlocks : 0);
    }

    /**
     * Returns the constant operands (sparse coupling operator, weight regrouping index) on a device
     * and data type, built on first use and kept for the kernel's lifetime in a manager the kernel
     * owns, so that a forward pass copies nothing from the host.
     */
    private NDList constants(Device device, DataType dtype) {
        return constants.computeIfAbsent(device + "/" + dtype, k -> {
            NDManager owned = NDManager.newBaseManager(device);
            NDArray s = Sparse.coo(owned, cooRows, cooCols, cooValues, new Shape(rowsZ, (long) dim1 * dim2), dtype);
            NDArray order = owned.create(weightOrder).duplicate();
            return new NDList(s, order);
        });
    }

    /**
     * Computes the tensor product.
     *
     * @param x1 {@code (B, in1.dim)}
     * @param x2 {@code (B, in2.dim)}
     * @param weight flat weights {@code (weightNumel,)} in e3nn's layout
     * @param bias the scalar-output bias {@code (biasLength,)}, or null
     * @return {@code (B, out.dim)}
     */
    public NDArray forward(NDArray x1, NDArray x2, NDArray weight, NDArray bias) {
        long batch = x1.getShape().get(0);
        DataType dtype = x1.getDataType();
        // (1) outer product laid out (dim1 * dim2, B)
        NDArray p = x1.transpose().expandDims(1).mul(x2.transpose().expandDims(0)).reshape(dim1 * (long) dim2, batch);
        // (2) sparse coupling -> Z (rowsZ, B)
        NDList c = constants(x1.getDevice(), dtype);
        NDArray zAll = c.get(0).matMul(p);
        // the receiver (constant operator) lives in the kernel's manager: keep the result in the batch's
        zAll.attach(x1.getManager());
        NDArray wAll = weight.get(c.get(1));
        wAll.attach(x1.getManager());
        // (3) one dense product per output block
        NDList blocks = new NDList(outBlocks.size());
        for (OutBlock b : outBlocks) {
            NDArray zb = zAll.get(new NDIndex("{}:{}", b.zOffset, b.zOffset + b.dim * b.fanIn))
                    .reshape(b.dim, b.fanIn, batch);
            NDArray wb = wAll.get(new NDIndex("{}:{}", b.wOffset, b.wOffset + b.fanIn * b.mul))
                    .reshape(b.fanIn, b.mul).transpose();
            NDArray ob = wb.matMul(zb).transpose(2, 1, 0).reshape(batch, (long) b.mul * b.dim);
            if (bias != null && b.biasOffset >= 0) {
                NDArray slice = bias.get(new NDIndex("{}:{}", b.biasOffset, b.biasOffset + b.mul));
                slice.attach(x1.getManager());
                ob = ob.add(slice);
            }
            blocks.add(ob);
        }
        return blocks.size() == 1 ? blocks.singletonOrThrow() : NDArrays.concat(blocks, 1);
    }
}
