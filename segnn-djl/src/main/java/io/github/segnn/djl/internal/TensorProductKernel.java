// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.irreps.MulIrrep;
import io.github.segnn.core.tp.Instruction;
import io.github.segnn.core.tp.TensorProductPlan;
import io.github.segnn.djl.ops.PathNormalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * The one place that turns a {@link TensorProductPlan} into NDArray calls: a fused fully connected
 * ({@code uvw}) tensor product that never forms the outer product {@code x1 (x) x2}.
 *
 * <p>Irreps in: {@code x1 (B, in1.dim)}, {@code x2 (B, in2.dim)}, flat weights in e3nn's layout.
 * Irreps out: {@code (B, out.dim)}.
 *
 * <p>Algorithm. Input blocks of {@code x1} with the same irrep and the same paths are merged into one
 * group (assembled by one split and a concatenation when they are not adjacent, or directly from the
 * caller's column pieces, see {@link #forward(Features, NDArray, NDArray, NDArray, Layout)}). (1) One dense product
 * {@code x2 G} with a constant operator {@code G} that holds the normalized 3j entries of every path:
 * for each coupling of a group {@code g} with an output block {@code c} it gives, per sample, a small
 * matrix {@code M_gc (d_g, K_gc)} whose columns are the (output component, copy of {@code x2}) pairs of
 * the paths from {@code g} to {@code c}. (2) Per coupling, one batched product
 * {@code Z_gc = M_gc^T X_g^T}, {@code (B, K_gc, mul_g)} (a broadcast product for scalars; with an
 * {@code IR_MUL} operand, a broadcast product by the diagonal of {@code M_gc}, taken from the columns
 * of a second constant operator {@code D} that the same product computes ({@code x2 [G | D]}), where
 * all paths are {@code l x 0 -> l}, and a broadcast product summed
 * over the components for a single output row), which reads
 * without copying as {@code (B, 2l_c+1, copies * mul_g)}, or {@code (B, copies * mul_g)} for a scalar
 * output block. (3) Per output block, the sum over its
 * couplings of dense products with their weights, all regrouped once by a gather. A coupling that acts
 * on every channel alike with one copy of {@code x2} (a scalar group, a diagonal coupling) skips (2)
 * where that saves work: its weights come first, {@code T = X_g W}, and the coupling is then a
 * broadcast product on {@code T} (for SEGNN's {@code 0e x 1o -> 1o} a third of the multiply-adds).
 * Nothing is cut
 * or concatenated between the steps, so the backward pass has no concatenations either (an earlier
 * version split one {@code Z_g} per group and concatenated the pieces per output block: 40% slower
 * forward+backward at QM9 size). The NDArray calls depend only on the number of distinct input
 * irreps and output blocks, not on multiplicities or paths (see {@link #ndarrayCallsPerForward(boolean)});
 * work and memory scale with the coupled features {@code B * sum K_gc * mul_g}, never with the outer product
 * {@code B * in1.dim * in2.dim}. Edge features {@code [h_i | h_j (| e_ij)]} may be given by their
 * nodes ({@link Features#pairs}): every coupling then applies its weights first, on the nodes, and a
 * sparse product moves the results to the edges (see {@code forwardPairs}), so that the weight
 * products run on {@code N} rows instead of {@code E}. The kernel works component-major ({@link Layout#IR_MUL}); inputs and
 * outputs in e3nn's layout cost one transposing copy per block, which chained products skip by
 * asking for {@code IR_MUL} on both sides
 * ({@link #forward(Features, NDArray, NDArray, NDArray, Layout)}).
 */
public final class TensorProductKernel {

    private final TensorProductPlan plan;
    private final PathNormalization normalization;
    private final int dim2;
    private final int columnsG;
    private final double[] operatorG;
    private final int columnsD;
    private final double[] operatorD;
    private final long[] dColumns;
    private final long[] gdColumns;
    private final int[] diagonalOf;
    private final long[] weightOrder;
    private final boolean regroup;
    private final long[] gColumns;
    private final long[] xColumns;
    private final long[] wSizes;
    private final long[] biasSizes;
    private final List<InGroup> groups = new ArrayList<>();
    private final List<OutBlock> outBlocks = new ArrayList<>();
    private final List<Coupling> couplings = new ArrayList<>();
    private final Map<String, NDList> constants = new ConcurrentHashMap<>();

    /** Input blocks of x1 with the same irrep and the same paths, merged into one operand. */
    private record InGroup(List<Integer> blocks, int mul, int dim) {}

    /**
     * The coupling of one group with one output block: {@code Z_gc (B, dim_c * copies, mul_g)},
     * computed from its own columns of {@code x2 G}.
     */
    private record Coupling(int group, int outDim, int outMul, int copies, boolean diagonal) {}

    /** The coupled features of one group that feed one output block, and their coupling. */
    private record Piece(int group, int copies, int coupling) {}

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
        // copies of x2 per (group, output block): the columns of x2 G are laid out group by group,
        // then output block by output block, each (d_g, dim_c * copies) in (i, k, copy) order or,
        // for a coupling that contracts last, (dim_c, d_g * copies) in (k, i, copy) order
        List<int[]> copies = new ArrayList<>();
        int[][] gBase = new int[byKey.size()][out.size()];
        int[][] couplingOf = new int[byKey.size()][out.size()];
        boolean merged = false;
        int offset = 0;
        int g = 0;
        int gi = 0;
        for (List<Integer> blocks : byKey.values()) {
            int first = blocks.get(0);
            int[] q = new int[out.size()];
            for (Instruction ins : plan.instructions()) {
                if (ins.i1() == first) {
                    q[ins.iOut()] += ins.in2().mul();
                }
            }
            int mul = 0;
            for (int a : blocks) {
                merged |= in1.offset(a) != offset + mul * in1.get(a).irrep().dim();
                mul += in1.get(a).mul();
            }
            int d = in1.get(first).irrep().dim();
            for (int c = 0; c < out.size(); c++) {
                couplingOf[gi][c] = -1;
                if (q[c] > 0 && out.get(c).mul() > 0) {
                    int dc = out.get(c).irrep().dim();
                    gBase[gi][c] = g;
                    couplingOf[gi][c] = couplings.size();
                    couplings.add(new Coupling(gi, dc, out.get(c).mul(), q[c], diagonal(first, c)));
                    g += d * dc * q[c];
                }
            }
            groups.add(new InGroup(blocks, mul, d));
            copies.add(q);
            offset += mul * d;
            gi++;
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
            for (gi = 0; gi < groups.size(); gi++) {
                InGroup grp = groups.get(gi);
                int q = copies.get(gi)[c];
                if (q == 0) {
                    continue;
                }
                pieces.add(new Piece(gi, q, couplingOf[gi][c]));
                int u0 = 0;
                for (int a : grp.blocks) {
                    int copy = 0;
                    for (Instruction ins : plan.pathsInto(c)) {
                        if (ins.i1() != a) {
                            continue;
                        }
                        if (a == grp.blocks.get(0)) {
                            fill(ins, gBase[gi][c], couplings.get(couplingOf[gi][c]), copy);
                        }
                        int v2 = ins.in2().mul();
                        for (int v = 0; v < v2; v++) {
                            // Z rows (k, copy) x columns u; one regrouped weight row per (copy, u)
                            for (int u = 0; u < ins.in1().mul(); u++) {
                                long src = ins.weightOffset() + (long) (u * v2 + v) * oc.mul();
                                // rows (copy, u) of the piece; (u, copy) where the weights come first
                                // and the piece is read as (mul_g, copies * mul_c)
                                int pieceRow = contractsLast(couplings.get(couplingOf[gi][c]), grp)
                                        ? (u0 + u) * q + copy + v : (copy + v) * grp.mul + u0 + u;
                                int dst = w + (row + pieceRow) * oc.mul();
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
        gColumns = couplings.stream().mapToLong(x -> (long) groups.get(x.group).dim * x.outDim * x.copies).toArray();
        xColumns = groups.stream().mapToLong(x -> (long) x.dim * x.mul).toArray();
        wSizes = outBlocks.stream().flatMapToLong(b -> b.pieces.stream()
                .mapToLong(p -> (long) p.copies * groups.get(p.group).mul * b.mul)).toArray();
        biasSizes = outBlocks.stream().filter(OutBlock::scalar).mapToLong(b -> b.mul).toArray();
        // the operator D of diagonal entries: for each diagonal coupling, the (k, k, copy) columns of G
        diagonalOf = new int[couplings.size()];
        List<Long> dSizes = new ArrayList<>();
        int d = 0;
        for (int k = 0; k < couplings.size(); k++) {
            Coupling cp = couplings.get(k);
            diagonalOf[k] = -1;
            if (cp.diagonal && groups.get(cp.group).dim > 1) {
                diagonalOf[k] = dSizes.size();
                dSizes.add((long) cp.outDim * cp.copies);
                d += cp.outDim * cp.copies;
            }
        }
        columnsD = d;
        dColumns = dSizes.stream().mapToLong(Long::longValue).toArray();
        gdColumns = LongStream.concat(Arrays.stream(gColumns), Arrays.stream(dColumns)).toArray();
        operatorD = new double[dim2 * columnsD];
        int gCol = 0;
        int dCol = 0;
        for (int k = 0; k < couplings.size(); k++) {
            Coupling cp = couplings.get(k);
            if (diagonalOf[k] >= 0) {
                int rows = cp.outDim * cp.copies;
                for (int kk = 0; kk < cp.outDim; kk++) {
                    for (int copy = 0; copy < cp.copies; copy++) {
                        int from = columnOfG(gCol, cp, kk, kk, copy);
                        int to = dCol + kk * cp.copies + copy;
                        for (int r = 0; r < dim2; r++) {
                            operatorD[r * columnsD + to] = operatorG[r * columnsG + from];
                        }
                    }
                }
                dCol += rows;
            }
            gCol += (int) gColumns[k];
        }
    }

    /**
     * Writes one path's normalized 3j entries into G, in the columns of its (group, output block)
     * coupling {@code cp} that start at {@code base} (see {@link #columnOfG}).
     */
    private void fill(Instruction ins, int base, Coupling cp, int copy) {
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
                int col = columnOfG(base, cp, ci[e], ck[e], copy + v);
                operatorG[rowG * columnsG + col] += f * cv[e];
            }
        }
    }

    /**
     * The column of G for input component {@code i}, output component {@code k} and copy {@code copy}
     * of {@code x2} in coupling {@code cp}, whose columns start at {@code base}: in {@code (i, k, copy)}
     * order, so that a coupling's columns read as {@code M_gc (d_g, dim_c * copies)}, except for a
     * coupling that contracts last ({@link #contractsLast}), whose columns are in {@code (k, i, copy)}
     * order, so that they read as the {@code (dim_c, d_g * copies)} matrix of its batched matMul
     * without a transposing copy.
     */
    private int columnOfG(int base, Coupling cp, int i, int k, int copy) {
        int dg = groups.get(cp.group).dim;
        return contractsLast(cp, groups.get(cp.group))
                ? base + (k * dg + i) * cp.copies + copy
                : base + (i * cp.outDim + k) * cp.copies + copy;
    }

    /**
     * Whether every path from input block {@code a} into output block {@code c} maps component
     * {@code i} of {@code x1} only to output component {@code i} (the paths {@code l x 0 -> l}, whose
     * 3j symbol is a multiple of the identity): then the coupling is a per-sample scaling of each
     * component, a broadcast product instead of a batched matMul.
     */
    private boolean diagonal(int a, int c) {
        for (Instruction ins : plan.instructions()) {
            if (ins.i1() == a && ins.iOut() == c) {
                if (ins.in1().irrep().dim() != ins.out().irrep().dim()) {
                    return false;
                }
                int[] ci = ins.cg().i();
                int[] ck = ins.cg().k();
                for (int e = 0; e < ci.length; e++) {
                    if (ci[e] != ck[e]) {
                        return false;
                    }
                }
            }
        }
        return true;
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
     * Returns how many NDArray operations one forward issues with inputs in e3nn's layout: a number
     * fixed by the count of input and output blocks, whatever the multiplicities (in {@code IR_MUL}
     * the diagonal and single-row couplings take other, equally bounded routes; edge features given
     * by their nodes take a few more per coupling, equally bounded).
     *
     * @param withBias whether a bias is added
     * @return the count
     */
    public int ndarrayCallsPerForward(boolean withBias) {
        // x2 [G | D] and its split, weight gather and split, bias split
        int n = 1 + (gdColumns.length > 1 ? 1 : 0) + 1 + (wSizes.length > 1 ? 1 : 0)
                + (withBias && biasSizes.length > 1 ? 1 : 0);
        if (regroup) {
            // x1 cut at its block boundaries, one concatenation per group of several blocks
            n += 1;
            for (InGroup grp : groups) {
                n += grp.blocks.size() > 1 ? 1 : 0;
            }
        } else {
            n += groups.size() > 1 ? 1 : 0; // x1 cut by group
        }
        for (InGroup grp : groups) {
            n += grp.dim == 1 ? 0 : 2; // reshape and transpose of X_g (scalars are used as they come)
        }
        for (int k = 0; k < couplings.size(); k++) {
            Coupling cp = couplings.get(k);
            long rows = (long) cp.outDim * cp.copies;
            if (contractsLast(cp, groups.get(cp.group))) {
                // (its matMul is the piece's) reshape of T; reshape of M; matMul
                n += 3;
            } else if (weightsFirst(k, false)) {
                // (its matMul is the piece's) mul, or reshape of M, expandDims of T and mul
                n += cp.outDim == 1 ? 1 : 3;
            } else if (groups.get(cp.group).dim == 1) {
                // mul, or reshape of M, expandDims of X and mul; a reshape into the weights unless it fits
                n += rows == 1 ? 1 : 3 + (cp.copies > 1 ? 1 : 0);
            } else {
                // reshape of M, transpose, matMul; a reshape into the weights unless it fits
                n += 3 + (cp.outDim == 1 || cp.copies > 1 ? 1 : 0);
            }
        }
        for (OutBlock b : outBlocks) {
            n += 3 * b.pieces.size() - 1; // per piece a weight reshape and a matMul, adds between them
            n += b.dim > 1 ? 2 : 0; // transpose and reshape into e3nn's layout
            n += withBias && b.scalar ? 1 : 0;
        }
        return n + (outBlocks.size() > 1 ? 1 : 0); // the blocks joined
    }

    /**
     * Returns the constant operands (the coupling operator G and the weight regrouping index) on a
     * device and data type, built on first use and kept for the kernel's lifetime in a manager the
     * kernel owns, so that a forward pass copies nothing from the host.
     */
    private NDList constants(Device device, DataType dtype) {
        return constants.computeIfAbsent(device + "/" + dtype, k -> {
            NDManager owned = NDManager.newBaseManager(device);
            // [G | D]: one product with x2 gives both
            double[] gd = new double[dim2 * (columnsG + columnsD)];
            for (int r = 0; r < dim2; r++) {
                System.arraycopy(operatorG, r * columnsG, gd, r * (columnsG + columnsD), columnsG);
                System.arraycopy(operatorD, r * columnsD, gd, r * (columnsG + columnsD) + columnsG, columnsD);
            }
            NDArray gdOp = owned.create(gd, new Shape(dim2, columnsG + columnsD)).toType(dtype, false).duplicate();
            NDArray order = owned.create(weightOrder).duplicate();
            // kept for the kernel's lifetime: an NDScope open around this first forward must not close them
            NDScope.unregister(gdOp, order);
            return new NDList(gdOp, order);
        });
    }

    /**
     * Computes the tensor product (the functional form).
     *
     * @param x1 {@code (B, in1.dim)}
     * @param x2 {@code (B, in2.dim)}
     * @param weight flat weights {@code (weightNumel,)} in e3nn's layout
     * @param bias the scalar-output bias {@code (biasLength,)}, or null
     * @return {@code (B, out.dim)}
     */
    public NDArray forward(NDArray x1, NDArray x2, NDArray weight, NDArray bias) {
        return forward(Features.of(x1), x2, weight, bias, Layout.MUL_IR).join();
    }

    /**
     * Computes the tensor product of a first input given as {@link Features} and returns it cut by
     * output block, before any concatenation: what a consumer that treats the blocks separately (a
     * gate, the next product) needs, saving a concatenation and, in the backward pass, the split
     * that would undo it. Column pieces such as {@code [h_i | h_j | e_ij]} give the same result as
     * their concatenation, which is never formed: each group of same-irrep input blocks is assembled
     * directly from them; group operands ({@link #inputGroups()}) are taken as they are, so that the
     * kernel then cuts and joins nothing. {@link Layout#IR_MUL} on both sides is what the kernel
     * computes in, so that products chained inside a layer skip the transposing copies.
     *
     * @param x1 the first input: column pieces in a layout, or group operands
     * @param x2 {@code (B, in2.dim)} (e3nn's layout)
     * @param weight flat weights {@code (weightNumel,)} in e3nn's layout; may be a parameter in a
     *     long-lived manager: every array this call makes goes to the manager of the first input
     * @param bias the scalar-output bias {@code (biasLength,)}, or null (the same holds)
     * @param outLayout the layout of the returned blocks
     * @return one piece {@code (B, mul * (2l+1))} per output block of nonzero multiplicity, in order,
     *     in {@code outLayout}
     */
    public Features forward(Features x1, NDArray x2, NDArray weight, NDArray bias, Layout outLayout) {
        NDList blocks = x1.isPairs() ? forwardPairs(x1, x2, weight, bias, outLayout)
                : x1.isGroups() ? forwardGroups(x1.pieces(), x2, weight, bias, outLayout)
                : forwardBlocks(x1.pieces(), x1.layout(), x2, weight, bias, outLayout);
        return Features.pieces(blocks, outLayout);
    }

    /** The product of column pieces in a layout, cut by output block. */
    private NDList forwardBlocks(NDList x1Pieces, Layout inLayout, NDArray x2, NDArray weight, NDArray bias,
            Layout outLayout) {
        NDArray[] xs = groupOperands(x1Pieces, inLayout, x2.getShape().get(0)).toArray(new NDArray[0]);
        return forwardOperands(xs, inLayout, x2, weight, bias, outLayout, x1Pieces.get(0).getManager());
    }

    /**
     * Returns the input blocks that the kernel merges into one operand, group by group, in the order
     * that {@link #forward(Features, NDArray, NDArray, NDArray, Layout)} takes group operands: indices
     * into the blocks of {@code in1}.
     *
     * @return for each group, its blocks of {@code in1} in order
     */
    public List<List<Integer>> inputGroups() {
        return groups.stream().map(g -> List.copyOf(g.blocks)).toList();
    }

    /**
     * The product of group operands, one per group of {@link #inputGroups()}: per group, its blocks
     * joined along their copies, {@code (B, mul_g)} for a scalar group, {@code (B, d_g * mul_g)} or
     * {@code (B, d_g, mul_g)} (component-major) otherwise.
     */
    private NDList forwardGroups(NDList operands, NDArray x2, NDArray weight, NDArray bias, Layout outLayout) {
        long batch = x2.getShape().get(0);
        if (operands.size() != groups.size()) {
            throw new IllegalArgumentException("tensor product " + plan.in1() + " x " + plan.in2() + ": expected "
                    + groups.size() + " group operands (blocks " + inputGroups() + " of in1), got " + operands.size());
        }
        NDArray[] xs = new NDArray[groups.size()];
        for (int i = 0; i < xs.length; i++) {
            InGroup g = groups.get(i);
            NDArray x = operands.get(i);
            Shape s = x.getShape();
            boolean fits = s.dimension() >= 2 && s.get(0) == batch && s.size() == batch * g.dim * g.mul
                    && (s.dimension() == 2 || s.dimension() == 3 && g.dim > 1 && s.get(1) == g.dim);
            if (!fits) {
                throw new IllegalArgumentException("tensor product " + plan.in1() + " x " + plan.in2() + ": group "
                        + i + " (blocks " + g.blocks + ", " + g.mul + " copies of an irrep of dimension " + g.dim
                        + ") needs (" + batch + ", " + (long) g.dim * g.mul + ")" + (g.dim > 1 ? " or (" + batch + ", "
                        + g.dim + ", " + g.mul + ")" : "") + ", got " + s);
            }
            xs[i] = g.dim > 1 && s.dimension() == 2 ? x.reshape(batch, g.dim, g.mul) : x;
        }
        return forwardOperands(xs, Layout.IR_MUL, x2, weight, bias, outLayout, operands.get(0).getManager());
    }

    /** The product from the group operands {@code X_g}: steps (1) to (3) of the class comment. */
    private NDList forwardOperands(NDArray[] xs, Layout inLayout, NDArray x2, NDArray weight, NDArray bias,
            Layout outLayout, NDManager manager) {
        long batch = x2.getShape().get(0);
        NDList c = constants(x2.getDevice(), x2.getDataType());
        // (1) M for all couplings at once: (B, columnsG); one split gives each coupling's columns,
        // and with them the entries of x2 D, which the diagonal couplings take with contiguous (IR_MUL) operands
        NDList coupled = Partition.bySizes(x2.matMul(c.get(0)), 1, gdColumns);
        NDList ms = new NDList(coupled.subList(0, couplings.size()));
        NDList ds = inLayout == Layout.IR_MUL && dColumns.length > 0
                ? new NDList(coupled.subList(couplings.size(), coupled.size())) : null;
        // (2) per coupling, Z_gc = M_gc^T X_g^T (B, dim_c * copies, mul_g), read as (B, dim_c, copies * mul_g),
        // or as (B, copies * mul_g) for a scalar output block: no reshapes where the shapes already fit
        NDArray[] y = new NDArray[couplings.size()];
        boolean[] first = new boolean[couplings.size()];
        for (int k = 0; k < couplings.size(); k++) {
            Coupling cp = couplings.get(k);
            InGroup grp = groups.get(cp.group);
            long rows = (long) cp.outDim * cp.copies;
            NDArray z;
            first[k] = weightsFirst(k, ds != null) || contractsLast(cp, grp);
            if (first[k]) {
                continue; // coupled after its weights, in (3)
            } else if (grp.dim == 1) {
                // scalars: an outer product, which broadcasting does faster than a batched matMul
                z = rows == 1 ? ms.get(k).mul(xs[cp.group])
                        : ms.get(k).reshape(batch, rows, 1).mul(xs[cp.group].expandDims(1));
            } else if (ds != null && diagonalOf[k] >= 0) {
                // l x 0 -> l paths only: M_gc is diagonal in the components, Z[(k, copy)] = D[k, copy] X[k]
                // with D from the operator of diagonal entries: a broadcast product scales the contiguous
                // operand (a batched matMul of (d, d) blocks multiplies zeros, with a per-sample overhead)
                NDArray diag = ds.get(diagonalOf[k]);
                z = cp.copies == 1 ? diag.reshape(batch, grp.dim, 1).mul(xs[cp.group])
                        : diag.reshape(batch, grp.dim, cp.copies, 1).mul(xs[cp.group].expandDims(2));
            } else if (rows == 1 && inLayout == Layout.IR_MUL) {
                // one output row (a scalar from two equal irreps) of a contiguous operand: a broadcast
                // product summed over the components; its backward is a broadcast product too, where a
                // batched matMul's is a (d, 1) x (1, mul) outer product per sample (3-4x slower forward
                // and backward; on e3nn's strided operand the broadcast product is the slower one)
                z = ms.get(k).reshape(batch, grp.dim, 1).mul(xs[cp.group]).sum(new int[] {1});
            } else {
                z = ms.get(k).reshape(batch, grp.dim, rows).transpose(0, 2, 1).matMul(xs[cp.group]);
            }
            y[k] = couplingShaped(z, cp, grp, batch);
        }
        // (3) per output block: the sum over its pieces of (B, dim, copies * mul_g) x (copies * mul_g, mul)
        return outputBlocks(weight, bias, c, manager, batch, outLayout, (b, p, wp) -> {
            InGroup grp = groups.get(p.group);
            if (contractsLast(couplings.get(p.coupling), grp) || first[p.coupling]) {
                // weights first: T = X_g W with W read as (mul_g, copies * mul_c), then the coupling
                NDArray t = xs[p.group].matMul(wp.reshape(grp.mul, (long) p.copies * b.mul));
                return coupleWeighted(p.coupling, t, ms, ds, batch);
            }
            return y[p.coupling].matMul(wp.reshape((long) p.copies * grp.mul, b.mul));
        });
    }

    /** One piece's contribution to its output block from the piece's weights, as they lie in the flat weights. */
    private interface PieceProduct {
        NDArray apply(OutBlock block, Piece piece, NDArray weights);
    }

    /**
     * Returns the output blocks: the weights regrouped by one gather and split per piece, each block
     * the sum of its pieces' products, finished by {@link #finishBlock} with its part of the bias.
     */
    private NDList outputBlocks(NDArray weight, NDArray bias, NDList c, NDManager manager, long batch,
            Layout outLayout, PieceProduct product) {
        NDArray wAll = weight.gather(c.get(1), 0);
        wAll.attach(manager);
        NDList ws = Partition.bySizes(wAll, 0, wSizes);
        NDList bs = bias == null ? null : Partition.bySizes(bias, 0, biasSizes);
        NDList blocks = new NDList(outBlocks.size());
        int scalarBlock = 0;
        int w = 0;
        for (OutBlock b : outBlocks) {
            NDArray ob = null;
            for (Piece p : b.pieces) {
                NDArray t = product.apply(b, p, ws.get(w++));
                ob = ob == null ? t : ob.add(t);
            }
            blocks.add(finishBlock(b, ob, batch, outLayout, b.scalar && bs != null ? bs.get(scalarBlock) : null, bias,
                    manager));
            scalarBlock += b.scalar ? 1 : 0;
        }
        return blocks;
    }

    /**
     * Returns an output block from the sum of its pieces {@code ob}, {@code (B, mul)} for a scalar
     * block, otherwise {@code (B, dim, mul)}: in {@code outLayout} (IR_MUL as it stands, a transposing
     * copy for MUL_IR), with its part of the bias added to a scalar block.
     */
    private static NDArray finishBlock(OutBlock b, NDArray ob, long batch, Layout outLayout, NDArray biasSlice,
            NDArray bias, NDManager manager) {
        if (b.dim > 1) {
            ob = outLayout == Layout.IR_MUL ? ob.reshape(batch, (long) b.dim * b.mul)
                    : ob.transpose(0, 2, 1).reshape(batch, (long) b.mul * b.dim);
        }
        if (b.scalar && biasSlice != null) {
            if (biasSlice != bias) {
                biasSlice.attach(manager); // a piece of the split, made in the bias's manager
            }
            ob = ob.add(biasSlice);
        }
        return ob;
    }

    /**
     * The product of edge features given by their nodes ({@link Features#pairs}): every coupling
     * applies its weights first, to the nodes. The weights of a group {@code [h_i | h_j (| e_ij)]} are
     * rows {@code [W_i; W_j (; W_e)]}, so {@code T = X_g W = h_i W_i + h_j W_j (+ e_ij W_e)}: one
     * product {@code h_g [W_i | W_j]} on the nodes, {@code (N * d_g, 2C)}, and one sparse product
     * with the group's pair gather move both halves to the edges and add them. The edge-sized weight
     * products (the largest products of a SEGNN layer's first message) run on {@code N} rows instead
     * of {@code E}, and {@code X_g} is never formed, nor kept for the backward pass. The coupling with
     * {@code x2} then acts on {@code T (B, d_g, copies * mul_c)} as for any coupling whose weights come
     * first ({@link #coupleWeighted}).
     */
    private NDList forwardPairs(Features x1, NDArray x2, NDArray weight, NDArray bias, Layout outLayout) {
        long batch = x2.getShape().get(0);
        NDList nodes = x1.pieces();
        NDList gathers = x1.pairGathers();
        NDArray extra = x1.edgeScalars();
        long extraWidth = extra == null ? 0 : extra.getShape().get(1);
        String name = "tensor product " + plan.in1() + " x " + plan.in2();
        if (nodes.size() != groups.size() || gathers.size() != groups.size()) {
            throw new IllegalArgumentException(name + ": expected " + groups.size() + " node operands and pair gathers"
                    + " (blocks " + inputGroups() + " of in1), got " + nodes.size() + " and " + gathers.size());
        }
        long nodeCount = nodes.get(0).getShape().get(0);
        long[] half = new long[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            InGroup g = groups.get(i);
            Shape s = nodes.get(i).getShape();
            long width = s.dimension() == 2 ? s.get(1) / g.dim : -1;
            boolean fits = s.dimension() == 2 && s.get(0) == nodeCount && s.get(1) % g.dim == 0
                    && (2 * width == g.mul || g.dim == 1 && 2 * width + extraWidth == g.mul && extraWidth > 0);
            if (!fits) {
                throw new IllegalArgumentException(name + ": group " + i + " (blocks " + g.blocks + ", " + g.mul
                        + " copies of an irrep of dimension " + g.dim + ") needs a node operand (" + nodeCount + ", "
                        + g.dim + " * m) with 2 m = " + g.mul
                        + (g.dim == 1 && extraWidth > 0 ? " or " + (g.mul - extraWidth) : "") + ", got " + s);
            }
            Shape gs = gathers.get(i).getShape();
            if (!gs.equals(new Shape(batch * g.dim, 2 * nodeCount * g.dim))) {
                throw new IllegalArgumentException(name + ": the pair gather of group " + i + " must be ("
                        + batch * g.dim + ", " + 2 * nodeCount * g.dim + "), got " + gs);
            }
            half[i] = width;
        }
        NDManager manager = nodes.get(0).getManager();
        NDList c = constants(x2.getDevice(), x2.getDataType());
        NDList coupled = Partition.bySizes(x2.matMul(c.get(0)), 1, gdColumns);
        NDList ms = new NDList(coupled.subList(0, couplings.size()));
        NDList ds = new NDList(coupled.subList(couplings.size(), coupled.size()));
        return outputBlocks(weight, bias, c, manager, batch, outLayout, (b, p, wp) -> {
            InGroup grp = groups.get(p.group);
            long cols = (long) p.copies * b.mul;
            // the piece's weights as (mul_g, copies * mul_c): rows u, columns (copy, w)
            NDArray w = contractsLast(couplings.get(p.coupling), grp) || p.copies == 1 ? wp.reshape(grp.mul, cols)
                    : wp.reshape(p.copies, grp.mul, b.mul).transpose(1, 0, 2).reshape(grp.mul, cols);
            NDArray t = pairWeights(nodes.get(p.group), half[p.group], grp, w, gathers.get(p.group), extra,
                    nodeCount, batch);
            return coupleWeighted(p.coupling, t, ms, ds, batch);
        });
    }

    /**
     * Returns {@code T = X_g W (B, d_g, C)} ({@code (B, C)} for a scalar group) of edge features given
     * by their nodes: {@code h_g (N * d_g, m)} times {@code [W_i | W_j] (m, 2C)}, the rows of
     * {@code W (mul_g, C)} side by side, on the nodes; read as {@code (2 * N * d_g, C)}, one sparse
     * product with the group's pair gather moves both halves to the edges and adds them; plus
     * {@code e_ij W_e} where the group takes the extra edge scalars.
     */
    private static NDArray pairWeights(NDArray h, long m, InGroup grp, NDArray w, NDArray gather, NDArray extra,
            long nodeCount, long batch) {
        long cols = w.getShape().get(1);
        NDArray wPair = w;
        NDArray wExtra = null;
        if (2 * m < grp.mul) {
            NDList parts = Partition.bySizes(w, 0, new long[] {2 * m, grp.mul - 2 * m});
            wPair = parts.get(0);
            wExtra = parts.get(1);
        }
        NDArray sides = wPair.reshape(2, m, cols).transpose(1, 0, 2).reshape(m, 2 * cols);
        NDArray onNodes = h.reshape(nodeCount * grp.dim, m).matMul(sides).reshape(2 * nodeCount * grp.dim, cols);
        NDArray t = gather.matMul(onNodes);
        if (wExtra != null) {
            t = t.add(extra.matMul(wExtra));
        }
        return grp.dim > 1 ? t.reshape(batch, grp.dim, cols) : t;
    }

    /**
     * The coupling with {@code x2} of a coupling whose weights come first, {@code T = X_g W
     * (B, d_g, copies * mul_c)} ({@code (B, copies * mul_c)} for a scalar group), from the group's
     * operand ({@link #weightsFirst}, {@link #contractsLast}) or from its nodes ({@link #pairWeights}):
     * its contribution to the output block, {@code (B, dim_c, mul_c)}, or {@code (B, mul_c)} for a
     * scalar block.
     */
    private NDArray coupleWeighted(int k, NDArray t, NDList ms, NDList ds, long batch) {
        Coupling cp = couplings.get(k);
        InGroup grp = groups.get(cp.group);
        NDArray m = ms.get(k);
        if (cp.copies == 1) {
            if (grp.dim == 1) {
                // scalar group: the outer product of the coupling's (dim_c) column of x2 G with T
                return cp.outDim == 1 ? m.mul(t) : m.reshape(batch, cp.outDim, 1).mul(t.expandDims(1));
            }
            if (diagonalOf[k] >= 0) {
                // l x 0 -> l: component i scaled by its entry of x2 D
                return ds.get(diagonalOf[k]).reshape(batch, grp.dim, 1).mul(t);
            }
            if (cp.outDim == 1) {
                // one output row: a broadcast product summed over the components
                return m.reshape(batch, grp.dim, 1).mul(t).sum(new int[] {1});
            }
        }
        long inner = (long) grp.dim * cp.copies;
        // rows k, columns (i, copy): as they come where the coupling contracts last (see columnOfG),
        // otherwise from M's (i, k, copy) columns by a transposing copy
        NDArray mk = contractsLast(cp, grp) ? m.reshape(batch, cp.outDim, inner)
                : m.reshape(batch, grp.dim, cp.outDim, cp.copies).transpose(0, 2, 1, 3).reshape(batch, cp.outDim, inner);
        NDArray y = mk.matMul(t.reshape(batch, inner, cp.outMul));
        return cp.outDim == 1 ? y.reshape(batch, cp.outMul) : y;
    }

    /**
     * Whether a coupling of a non-scalar group into a non-scalar block, neither diagonal nor of one
     * output row, applies its weights first: {@code T = X_g [W_1 | ... | W_q] (B, d_g, q * mul_c)}, then
     * contracts {@code T}, read as {@code (B, d_g * q, mul_c)}, with the coupling's matrix
     * {@code (B, d_c, d_g * q)} in one batched matMul. Taken where {@code T} is smaller than
     * {@code Z_gc} ({@code d_g * mul_c < d_c * mul_g}): the first message product of a SEGNN layer reads
     * {@code [h_i | h_j]}, twice the output's multiplicity, so there {@code T} is half of {@code Z} or
     * less. What the backward pass keeps ({@code T} for the batched matMul, {@code X_g} for the weight
     * gradient) shrinks with it, and the gradient of {@code Z}, the largest array of the backward pass
     * (a product with an inner dimension of {@code mul_c} that writes {@code d_c * q * mul_g} values
     * per sample), is never formed: the gradient of {@code X_g} comes from {@code T}'s, of size
     * {@code X_g}. The multiply-adds of the weight product change from {@code d_c} to {@code d_g} per
     * copy, those of the coupling from {@code d_g * mul_g} to {@code d_g * mul_c}.
     */
    private static boolean contractsLast(Coupling cp, InGroup grp) {
        return grp.dim > 1 && cp.outDim > 1 && !cp.diagonal
                && (long) grp.dim * cp.outMul < (long) cp.outDim * grp.mul;
    }

    /**
     * Whether coupling {@code k} applies its weights first: {@code T = X_g W (B, d_g, mul_c)}, then the
     * coupling with {@code x2} on the result. Both orders give the same product where the coupling acts
     * on each channel alike with one copy of {@code x2}: a scalar group (an outer product of the
     * coupling's column with {@code T}) and a diagonal coupling (a scaling of each component, with the
     * entries of {@code x2 D}). Weights first multiplies {@code dim_c} times fewer rows for a scalar
     * group feeding a non-scalar block (SEGNN's {@code 0e x 1o -> 1o}), and its broadcast product runs
     * over the output's multiplicity instead of the input's, so it is taken where that does not grow.
     *
     * @param diagonals whether the entries of {@code x2 D} are at hand (contiguous operands)
     */
    private boolean weightsFirst(int k, boolean diagonals) {
        Coupling cp = couplings.get(k);
        InGroup grp = groups.get(cp.group);
        if (cp.copies != 1) {
            return false;
        }
        if (grp.dim == 1) {
            return cp.outDim > 1 || cp.outMul < grp.mul;
        }
        return diagonals && diagonalOf[k] >= 0 && cp.outMul < grp.mul;
    }

    /**
     * Returns a coupling's {@code Z_gc}, computed as {@code (B, dim_c * copies, mul_g)} or, with one output row,
     * {@code (B, mul_g)}, as the operand of its weights: {@code (B, copies * mul_g)} for a scalar output
     * block, {@code (B, dim_c, copies * mul_g)} otherwise (a view; no call where the shape fits).
     */
    private static NDArray couplingShaped(NDArray z, Coupling cp, InGroup grp, long batch) {
        Shape want = cp.outDim == 1 ? new Shape(batch, (long) cp.copies * grp.mul)
                : new Shape(batch, cp.outDim, (long) cp.copies * grp.mul);
        return z.getShape().equals(want) ? z : z.reshape(want);
    }

    /**
     * Returns the operand {@code X_g (B, d_g, mul_g)} of each group ({@code (B, mul_g)} for scalars): a split of {@code x1} when the
     * groups are consecutive in it; otherwise the pieces are cut at the block boundaries and each
     * group joins its blocks (no column gather, whose backward pass is a slow index-put). In
     * {@link Layout#IR_MUL} every cut of a non-scalar block must be a whole block (part of such a
     * block is not a column range there) and the blocks of a group are joined along their copies.
     */
    private NDList groupOperands(NDList pieces, Layout layout, long batch) {
        NDList out = new NDList(groups.size());
        if (layout == Layout.MUL_IR && pieces.size() == 1 && !regroup) {
            NDList xgs = Partition.bySizes(pieces.get(0), 1, xColumns);
            for (int i = 0; i < groups.size(); i++) {
                out.add(mulIrOperand(xgs.get(i), groups.get(i), batch));
            }
            return out;
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
                    if (layout == Layout.IR_MUL && hi - lo != in1.get(b).dim() && in1.get(b).irrep().dim() > 1) {
                        throw new IllegalArgumentException("tensor product: x1 pieces in IR_MUL layout must hold whole"
                                + " blocks of in1 = " + in1 + " (scalar blocks may be cut); a piece ends inside block "
                                + b + " (" + in1.get(b) + ")");
                    }
                    sizes.add(hi - lo);
                    owners.add(b);
                    start = hi;
                }
            }
            if (start != pos + width) {
                throw piecesMismatch(pieces);
            }
            NDList parts = Partition.bySizes(p, 1, sizes.stream().mapToLong(Long::longValue).toArray());
            atoms.addAll(parts);
            atomBlock.addAll(owners);
            pos += width;
        }
        if (pos != in1.dim()) {
            throw piecesMismatch(pieces);
        }
        for (InGroup grp : groups) {
            NDList take = new NDList();
            for (int b : grp.blocks) {
                for (int a = 0; a < atoms.size(); a++) {
                    if (atomBlock.get(a) == b) {
                        NDArray atom = atoms.get(a);
                        take.add(layout == Layout.IR_MUL && grp.dim > 1
                                ? atom.reshape(batch, grp.dim, atom.getShape().get(1) / grp.dim) : atom);
                    }
                }
            }
            out.add(layout == Layout.IR_MUL ? Partition.join(take, grp.dim > 1 ? 2 : 1)
                    : mulIrOperand(Partition.join(take, 1), grp, batch));
        }
        return out;
    }

    /**
     * A group's operand {@code (B, mul_g * d_g)} in e3nn's layout, viewed as {@code (B, d_g, mul_g)}; scalars
     * stay {@code (B, mul_g)}.
     */
    private static NDArray mulIrOperand(NDArray xg, InGroup grp, long batch) {
        return grp.dim == 1 ? xg : xg.reshape(batch, grp.mul, grp.dim).transpose(0, 2, 1);
    }

    private IllegalArgumentException piecesMismatch(NDList pieces) {
        List<Long> widths = new ArrayList<>();
        for (NDArray p : pieces) {
            widths.add(p.getShape().get(1));
        }
        return new IllegalArgumentException("tensor product: x1 pieces of widths " + widths
                + " do not add up to in1 = " + plan.in1() + " (dimension " + plan.in1().dim() + ")");
    }
}
