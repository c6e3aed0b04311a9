package io.github.segnn.djl.ops;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that turns a {@link TensorProductPlan} into NDArray calls: a fused fully connected
 * ({@code uvw}) tensor product that never forms the outer product {@code x1 (x) x2}.
 *
 * <p>Irreps in: {@code x1 (B, in1.dim)}, {@code x2 (B, in2.dim)}, flat weights in e3nn's layout.
 * Irreps out: {@code (B, out.dim)}.
 *
 * <p>Algorithm. Input blocks of {@code x1} with the same irrep and the same paths are merged into one
 * group (assembled by one split and a concatenation when they are not adjacent, or directly from the
 * caller's column pieces, see {@link #forward(NDList, NDArray, NDArray, NDArray)}). (1) One dense product
 * {@code x2 G} with a constant operator {@code G} that holds the normalized 3j entries of every path:
 * for each group {@code g} it gives, per sample, a small matrix {@code M_g (d_g, K_g)} whose columns
 * are the (output component, path, copy of {@code x2}) triples that start at {@code g}. (2) Per group,
 * one batched product {@code Z_g = M_g^T X_g^T}, {@code (B, K_g, mul_g)}: the coupled features, with
 * rows grouped by output block. (3) Per output block, the pieces of all {@code Z_g} reshape into
 * {@code (B * (2l+1), fanIn)} and meet all their weights, regrouped once by a gather, in one dense
 * matrix product. The NDArray calls depend only on the number of distinct input irreps and output
 * blocks, not on multiplicities or paths (see {@link #ndarrayCallsPerForward(boolean)}); work and
 * memory scale with the coupled features {@code B * sum_g K_g * mul_g}, never with the outer product
 * {@code B * in1.dim * in2.dim}.
 */
public final class TensorProductKernel {

    private final TensorProductPlan plan;
    private final PathNormalization normalization;
    private final int dim2;
    private final int columnsG;
    private final double[] operatorG;
    private final long[] weightOrder;
    private final boolean regroup;
    private final long[] gColumns;
    private final long[] xColumns;
    private final long[] wSizes;
    private final long[] biasSizes;
    private final List<InGroup> groups = new ArrayList<>();
    private final List<OutBlock> outBlocks = new ArrayList<>();
    private final Map<String, NDList> constants = new ConcurrentHashMap<>();

    /**
     * Input blocks of x1 with the same irrep and the same paths, merged into one operand: its
     * multiplicity, its rows in Z (per output block) and its first column in G.
     */
    private record InGroup(List<Integer> blocks, int mul, int dim, int rows, int gOffset, long[] rowsPerOut) {}

    /** The rows of {@code Z_g} that feed one output block: {@code dim * copies} of them. */
    private record Piece(int group, int copies) {}

    /** One reachable output block: its pieces, fan-in, and whether it is scalar (takes a bias). */
    private record OutBlock(int index, int dim, int mul, int fanIn, boolean scalar, List<Piece> pieces) {}

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
        Irreps out = plan.out();
        dim2 = plan.in2().dim();
        // merge the input blocks that have the same irrep and start the same paths
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int a = 0; a < in1.size(); a++) {
            StringBuilder key = new StringBuilder(in1.get(a).irrep().toString());
            for (Instruction ins : plan.instructions()) {
                if (ins.i1() == a) {
                    key.append('|').append(ins.i2()).append('>').append(ins.iOut());
                }
            }
            if (in1.get(a).mul() > 0 && key.indexOf("|") >= 0) {
                byKey.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(a);
            }
        }
        // rows of Z_g per output block: the paths' copies of x2 times the output dimension
        List<int[]> starts = new ArrayList<>();
        List<int[]> copies = new ArrayList<>();
        boolean merged = false;
        int offset = 0;
        int g = 0;
        for (List<Integer> blocks : byKey.values()) {
            int first = blocks.get(0);
            int[] q = new int[out.size()];
            for (Instruction ins : plan.instructions()) {
                if (ins.i1() == first) {
                    q[ins.iOut()] += ins.in2().mul();
                }
            }
            int[] st = new int[out.size()];
            long[] rowsPerOut = new long[out.size()];
            int rows = 0;
            for (int c = 0; c < out.size(); c++) {
                st[c] = rows;
                rowsPerOut[c] = (long) q[c] * out.get(c).irrep().dim();
                rows += (int) rowsPerOut[c];
            }
            int mul = 0;
            for (int a : blocks) {
                merged |= in1.offset(a) != offset + mul * in1.get(a).irrep().dim();
                mul += in1.get(a).mul();
            }
            int d = in1.get(first).irrep().dim();
            groups.add(new InGroup(blocks, mul, d, rows, g, rowsPerOut));
            starts.add(st);
            copies.add(q);
            offset += mul * d;
            g += d * rows;
        }
        regroup = merged || offset != in1.dim();
        columnsG = g;
        operatorG = new double[dim2 * columnsG];
        weightOrder = new long[plan.weightNumel()];
        int w = 0;
        for (int c = 0; c < out.size(); c++) {
            MulIrrep oc = out.get(c);
            if (oc.mul() == 0 || plan.fanIn(c) == 0) {
                continue;
            }
            List<Piece> pieces = new ArrayList<>();
            int row = 0;
            for (int gi = 0; gi < groups.size(); gi++) {
                InGroup grp = groups.get(gi);
                int q = copies.get(gi)[c];
                if (q == 0) {
                    continue;
                }
                int st = starts.get(gi)[c];
                pieces.add(new Piece(gi, q));
                int u0 = 0;
                for (int a : grp.blocks) {
                    int copy = 0;
                    for (Instruction ins : plan.pathsInto(c)) {
                        if (ins.i1() != a) {
                            continue;
                        }
                        if (a == grp.blocks.get(0)) {
                            fill(ins, grp, st, q, copy);
                        }
                        int v2 = ins.in2().mul();
                        for (int v = 0; v < v2; v++) {
                            // Z rows (k, copy) x columns u; one regrouped weight row per (copy, u)
                            for (int u = 0; u < ins.in1().mul(); u++) {
                                long src = ins.weightOffset() + (long) (u * v2 + v) * oc.mul();
                                int dst = w + (row + (copy + v) * grp.mul + u0 + u) * oc.mul();
                                for (int x = 0; x < oc.mul(); x++) {
                                    weightOrder[dst + x] = src + x;
                                }
                            }
                        }
                        copy += v2;
                    }
                    u0 += in1.get(a).mul();
                }
                row += q * grp.mul;
            }
            outBlocks.add(new OutBlock(c, oc.irrep().dim(), oc.mul(), row, oc.irrep().isScalar(), pieces));
            w += row * oc.mul();
        }
        gColumns = groups.stream().mapToLong(x -> (long) x.dim * x.rows).toArray();
        xColumns = groups.stream().mapToLong(x -> (long) x.dim * x.mul).toArray();
        wSizes = outBlocks.stream().mapToLong(b -> (long) b.fanIn * b.mul).toArray();
        biasSizes = outBlocks.stream().filter(OutBlock::scalar).mapToLong(b -> b.mul).toArray();
    }

    /** Writes one path's normalized 3j entries into G: column {@code (i, start + k * copies + copy + v)} of group g. */
    private void fill(Instruction ins, InGroup grp, int start, int copies, int copy) {
        double f = normalization.factor(ins);
        int o2 = plan.in2().offset(ins.i2());
        int d2 = ins.in2().irrep().dim();
        int[] ci = ins.cg().i();
        int[] cj = ins.cg().j();
        int[] ck = ins.cg().k();
        double[] cv = ins.cg().value();
        for (int v = 0; v < ins.in2().mul(); v++) {
            for (int e = 0; e < cv.length; e++) {
                int rowG = o2 + v * d2 + cj[e];
                int col = grp.gOffset + ci[e] * grp.rows + start + ck[e] * copies + copy + v;
                operatorG[rowG * columnsG + col] += f * cv[e];
            }
        }
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
     * Returns how many NDArray operations one forward issues: a number fixed by the count of input
     * and output blocks, whatever the multiplicities.
     *
     * @param withBias whether a bias is added
     * @return the count
     */
    public int ndarrayCallsPerForward(boolean withBias) {
        int many = groups.size() > 1 ? 1 : 0;
        // x2 G, split of M, weight gather and split, bias split
        int n = 1 + many + 1 + (outBlocks.size() > 1 ? 1 : 0) + (withBias && biasSizes.length > 1 ? 1 : 0);
        if (regroup) {
            // x1 cut at its block boundaries, one concatenation per group of several blocks
            n += 1;
            for (InGroup grp : groups) {
                n += grp.blocks.size() > 1 ? 1 : 0;
            }
        } else {
            n += many; // x1 cut by group
        }
        for (InGroup grp : groups) {
            n += grp.dim == 1 ? 4 : 6; // reshape (+ transpose) of x1 and of M, mul or matMul, split by output block
        }
        for (OutBlock b : outBlocks) {
            n += b.pieces.size() + (b.pieces.size() > 1 ? 1 : 0); // reshape per piece, concat
            n += 4 + (b.dim > 1 ? 2 : 1); // weight reshape, reshape, matMul, reshape, (transpose,) reshape
            n += withBias && b.scalar ? 1 : 0;
        }
        return n + (outBlocks.size() > 1 ? 1 : 0);
    }

    /**
     * Returns the constant operands (the coupling operator G and the weight regrouping index) on a
     * device and data type, built on first use and kept for the kernel's lifetime in a manager the
     * kernel owns, so that a forward pass copies nothing from the host.
     */
    private NDList constants(Device device, DataType dtype) {
        return constants.computeIfAbsent(device + "/" + dtype, k -> {
            NDManager owned = NDManager.newBaseManager(device);
            NDArray gOp = owned.create(operatorG, new Shape(dim2, columnsG)).toType(dtype, false).duplicate();
            NDArray order = owned.create(weightOrder).duplicate();
            return new NDList(gOp, order);
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
        return forward(new NDList(x1), x2, weight, bias);
    }

    /**
     * Computes the tensor product of a first input given as consecutive column pieces, such as
     * {@code [h_i | h_j | e_ij]}: the same result as for their concatenation, without forming it.
     * Each group of same-irrep input blocks is assembled directly from the pieces.
     *
     * @param x1Pieces arrays {@code (B, w_k)} whose concatenation along axis 1 is {@code x1 (B, in1.dim)}
     * @param x2 {@code (B, in2.dim)}
     * @param weight flat weights {@code (weightNumel,)} in e3nn's layout
     * @param bias the scalar-output bias {@code (biasLength,)}, or null
     * @return {@code (B, out.dim)}
     */
    public NDArray forward(NDList x1Pieces, NDArray x2, NDArray weight, NDArray bias) {
        NDList blocks = forwardBlocks(x1Pieces, x2, weight, bias);
        return blocks.size() == 1 ? blocks.singletonOrThrow() : NDArrays.concat(blocks, 1);
    }

    /**
     * Computes the tensor product and returns it cut by output block, before the final
     * concatenation: what a consumer that treats the blocks separately (a gate) needs, saving a
     * concatenation and, in the backward pass, the split that would undo it.
     *
     * @param x1Pieces arrays {@code (B, w_k)} whose concatenation along axis 1 is {@code x1 (B, in1.dim)}
     * @param x2 {@code (B, in2.dim)}
     * @param weight flat weights {@code (weightNumel,)} in e3nn's layout
     * @param bias the scalar-output bias {@code (biasLength,)}, or null
     * @return one array {@code (B, mul * (2l+1))} per output block of nonzero multiplicity, in order
     */
    public NDList forwardBlocks(NDList x1Pieces, NDArray x2, NDArray weight, NDArray bias) {
        long batch = x2.getShape().get(0);
        NDList c = constants(x2.getDevice(), x2.getDataType());
        NDManager manager = x1Pieces.get(0).getManager();
        // (1) M for all groups at once: (B, columnsG); one split gives each group's columns
        NDList ms = Partition.bySizes(x2.matMul(c.get(0)), 1, gColumns);
        NDList xgs = groupOperands(x1Pieces);
        // (2) Z_g = M_g^T X_g^T: (B, rows_g, mul_g), cut by output block
        List<NDList> z = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            InGroup grp = groups.get(i);
            NDArray zg;
            if (grp.dim == 1) {
                // scalars: an outer product, which broadcasting does faster than a batched matMul
                zg = ms.get(i).reshape(batch, grp.rows, 1).mul(xgs.get(i).reshape(batch, 1, grp.mul));
            } else {
                NDArray xt = xgs.get(i).reshape(batch, grp.mul, grp.dim).transpose(0, 2, 1);
                NDArray mt = ms.get(i).reshape(batch, grp.dim, grp.rows).transpose(0, 2, 1);
                zg = mt.matMul(xt);
            }
            z.add(Partition.bySizes(zg, 1, grp.rowsPerOut));
        }
        // (3) per output block: (B * dim, fanIn) x (fanIn, mul)
        NDArray wAll = weight.gather(c.get(1), 0);
        wAll.attach(manager);
        NDList ws = Partition.bySizes(wAll, 0, wSizes);
        NDList bs = bias == null ? null : Partition.bySizes(bias, 0, biasSizes);
        NDList blocks = new NDList(outBlocks.size());
        int scalarBlock = 0;
        for (int o = 0; o < outBlocks.size(); o++) {
            OutBlock b = outBlocks.get(o);
            NDList parts = new NDList(b.pieces.size());
            for (Piece p : b.pieces) {
                parts.add(z.get(p.group).get(b.index).reshape(batch, b.dim, (long) p.copies * groups.get(p.group).mul));
            }
            NDArray y = parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts, 2);
            NDArray wb = ws.get(o).reshape(b.fanIn, b.mul);
            NDArray ob = y.reshape(batch * b.dim, b.fanIn).matMul(wb).reshape(batch, b.dim, b.mul);
            ob = b.dim == 1 ? ob.reshape(batch, b.mul) : ob.transpose(0, 2, 1).reshape(batch, (long) b.mul * b.dim);
            if (b.scalar) {
                if (bs != null) {
                    NDArray slice = bs.get(scalarBlock);
                    slice.attach(manager);
                    ob = ob.add(slice);
                }
                scalarBlock++;
            }
            blocks.add(ob);
        }
        return blocks;
    }

    /**
     * Returns the operand {@code X_g (B, mul_g * d_g)} of each group: a split of {@code x1} when the
     * groups are consecutive in it; otherwise the pieces are cut at the block boundaries and each
     * group concatenates its blocks (no column gather, whose backward pass is a slow index-put).
     */
    private NDList groupOperands(NDList pieces) {
        if (pieces.size() == 1 && !regroup) {
            return Partition.bySizes(pieces.get(0), 1, xColumns);
        }
        Irreps in1 = plan.in1();
        List<NDArray> atoms = new ArrayList<>();
        List<Integer> atomBlock = new ArrayList<>();
        long pos = 0;
        for (NDArray p : pieces) {
            long width = p.getShape().get(1);
            List<Long> sizes = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            long start = pos;
            for (int b = 0; b < in1.size(); b++) {
                long lo = Math.max(in1.offset(b), pos);
                long hi = Math.min(in1.offset(b) + in1.get(b).dim(), pos + width);
                if (hi > lo) {
                    sizes.add(hi - lo);
                    owners.add(b);
                    start = hi;
                }
            }
            if (start != pos + width) {
                throw new IllegalArgumentException("tensor product: x1 pieces of widths " + widths(pieces)
                        + " do not add up to in1 = " + in1 + " (dimension " + in1.dim() + ")");
            }
            NDList parts = Partition.bySizes(p, 1, sizes.stream().mapToLong(Long::longValue).toArray());
            atoms.addAll(parts);
            atomBlock.addAll(owners);
            pos += width;
        }
        if (pos != in1.dim()) {
            throw new IllegalArgumentException("tensor product: x1 pieces of widths " + widths(pieces)
                    + " do not add up to in1 = " + in1 + " (dimension " + in1.dim() + ")");
        }
        NDList out = new NDList(groups.size());
        for (InGroup grp : groups) {
            NDList take = new NDList();
            for (int b : grp.blocks) {
                for (int a = 0; a < atoms.size(); a++) {
                    if (atomBlock.get(a) == b) {
                        take.add(atoms.get(a));
                    }
                }
            }
            out.add(take.size() == 1 ? take.get(0) : NDArrays.concat(take, 1));
        }
        return out;
    }

    private static List<Long> widths(NDList pieces) {
        List<Long> w = new ArrayList<>();
        for (NDArray p : pieces) {
            w.add(p.getShape().get(1));
        }
        return w;
    }
}
