// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ordered list of {@link MulIrrep} blocks describing a feature vector, in e3nn's layout: the
 * blocks are concatenated in order and each block is copy-major. Immutable value type;
 * {@link #toString()} and {@link #parse(String)} round-trip ({@code "32x0e+32x1o"}). Every
 * operation returns a new instance.
 */
public final class Irreps {

    private static final Pattern TERM = Pattern.compile("(?:(\\d+)x)?(\\d+[eoy])");
    private static final Irreps EMPTY = new Irreps(List.of());

    private final List<MulIrrep> blocks;
    private final int[] offsets;

    private Irreps(List<MulIrrep> blocks) {
        this.blocks = Collections.unmodifiableList(new ArrayList<>(blocks));
        offsets = new int[this.blocks.size() + 1];
        for (int i = 0; i < this.blocks.size(); i++) {
            offsets[i + 1] = offsets[i] + this.blocks.get(i).dim();
        }
    }

    /**
     * Returns irreps made of the given blocks.
     *
     * @param blocks the blocks in order
     * @return the irreps
     */
    public static Irreps of(List<MulIrrep> blocks) {
        return new Irreps(blocks);
    }

    /**
     * Returns irreps made of the given blocks.
     *
     * @param blocks the blocks in order
     * @return the irreps
     */
    public static Irreps of(MulIrrep... blocks) {
        return new Irreps(Arrays.asList(blocks));
    }

    /**
     * Returns the irreps without blocks (dimension 0).
     *
     * @return the empty irreps
     */
    public static Irreps empty() {
        return EMPTY;
    }

    /**
     * Parses an e3nn irreps string such as {@code "32x0e+32x1o"}, {@code "1x1y"} or
     * {@code "0e + 2x1o"}. A term without multiplicity has multiplicity 1.
     *
     * @param text the text
     * @return the irreps
     * @throws IllegalArgumentException quoting the text and the offending term if malformed
     */
    public static Irreps parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "Malformed irreps '" + text + "': empty string (use Irreps.empty() for no irreps)");
        }
        List<MulIrrep> out = new ArrayList<>();
        for (String raw : text.split("\\+", -1)) {
            String term = raw.trim();
            Matcher m = TERM.matcher(term);
            if (!m.matches()) {
                throw new IllegalArgumentException("Malformed irreps '" + text + "': term '" + term
                        + "' is not of the form [<mul>x]<l><e|o|y>, such as '32x1o' or '0e'");
            }
            int mul;
            try {
                mul = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "Malformed irreps '" + text + "': multiplicity out of range in '" + term + "'", e);
            }
            out.add(new MulIrrep(mul, Irrep.parse(m.group(2))));
        }
        return new Irreps(out);
    }

    /**
     * Returns {@code 1x0e+1x1o+1x2e+...} up to {@code lmax}: the irreps of spherical harmonics.
     *
     * @param lmax the largest degree
     * @return the irreps
     */
    public static Irreps sphericalHarmonics(int lmax) {
        if (lmax < 0) {
            throw new IllegalArgumentException("lmax must be >= 0, got " + lmax);
        }
        List<MulIrrep> out = new ArrayList<>();
        for (int l = 0; l <= lmax; l++) {
            out.add(new MulIrrep(1, Irrep.sphericalHarmonic(l)));
        }
        return new Irreps(out);
    }

    /**
     * Returns the blocks in order.
     *
     * @return an unmodifiable list
     */
    public List<MulIrrep> blocks() {
        return blocks;
    }

    /**
     * Returns the number of blocks.
     *
     * @return the number of blocks
     */
    public int size() {
        return blocks.size();
    }

    /**
     * Returns block {@code i}.
     *
     * @param i the block index
     * @return the block
     */
    public MulIrrep get(int i) {
        return blocks.get(i);
    }

    /**
     * Returns the total dimension, {@code sum mul*(2l+1)}.
     *
     * @return the dimension
     */
    public int dim() {
        return offsets[blocks.size()];
    }

    /**
     * Returns the number of irrep copies, {@code sum mul}.
     *
     * @return the number of irreps
     */
    public int numIrreps() {
        int n = 0;
        for (MulIrrep b : blocks) {
            n += b.mul();
        }
        return n;
    }

    /**
     * Returns the degree of every irrep copy, in layout order.
     *
     * @return one l per copy
     */
    public int[] ls() {
        int[] out = new int[numIrreps()];
        int k = 0;
        for (MulIrrep b : blocks) {
            for (int u = 0; u < b.mul(); u++) {
                out[k++] = b.l();
            }
        }
        return out;
    }

    /**
     * Returns the largest degree.
     *
     * @return lmax
     * @throws IllegalStateException for empty irreps
     */
    public int lmax() {
        if (blocks.isEmpty()) {
            throw new IllegalStateException("lmax of empty irreps is undefined");
        }
        int l = 0;
        for (MulIrrep b : blocks) {
            l = Math.max(l, b.l());
        }
        return l;
    }

    /**
     * Returns the start offset of block {@code i} in the feature vector.
     *
     * @param i the block index
     * @return the offset
     */
    public int offset(int i) {
        return offsets[i];
    }

    /**
     * Returns the range of block {@code i} in the feature vector.
     *
     * @param i the block index
     * @return the slice
     */
    public Slice slice(int i) {
        return new Slice(offsets[i], offsets[i + 1]);
    }

    /**
     * Returns the range of every block.
     *
     * @return one slice per block
     */
    public List<Slice> slices() {
        List<Slice> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            out.add(slice(i));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the total multiplicity of an irrep over all blocks.
     *
     * @param irrep the irrep
     * @return its multiplicity
     */
    public int count(Irrep irrep) {
        int n = 0;
        for (MulIrrep b : blocks) {
            if (b.irrep().equals(irrep)) {
                n += b.mul();
            }
        }
        return n;
    }

    /**
     * Concatenates {@code this} and {@code other} (e3nn's {@code +}); no merging.
     *
     * @param other the irreps to append
     * @return the concatenation
     */
    public Irreps concat(Irreps other) {
        List<MulIrrep> out = new ArrayList<>(blocks);
        out.addAll(other.blocks);
        return new Irreps(out);
    }

    /**
     * Repeats the whole list {@code n} times (e3nn's {@code n * irreps}).
     *
     * @param n the number of repetitions, {@code >= 0}
     * @return the repetition
     */
    public Irreps repeat(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Repetition count must be >= 0, got " + n);
        }
        List<MulIrrep> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(blocks);
        }
        return new Irreps(out);
    }

    /**
     * Merges adjacent blocks of the same irrep and drops blocks of multiplicity 0. Never reorders.
     *
     * @return the simplified irreps
     */
    public Irreps simplify() {
        List<MulIrrep> out = new ArrayList<>();
        for (MulIrrep b : blocks) {
            if (b.mul() == 0) {
                continue;
            }
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).irrep().equals(b.irrep())) {
                out.set(last, new MulIrrep(out.get(last).mul() + b.mul(), b.irrep()));
            } else {
                out.add(b);
            }
        }
        return new Irreps(out);
    }

    /**
     * Stable sort of the blocks by irrep (e3nn's {@code sort()}).
     *
     * @return the sorted irreps with the permutation {@code p} (sorted block {@code k} came from
     *     block {@code inv[k]}; block {@code i} went to position {@code p[i]})
     */
    public Sorted sort() {
        Integer[] order = new Integer[blocks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> blocks.get(i).irrep()));
        int[] inv = new int[order.length];
        int[] p = new int[order.length];
        List<MulIrrep> out = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            inv[k] = order[k];
            p[order[k]] = k;
            out.add(blocks.get(order[k]));
        }
        return new Sorted(new Irreps(out), p, inv);
    }

    /**
     * Returns the blocks whose irrep is {@code 0e}, in order, as a new irreps.
     *
     * @return the scalar blocks
     */
    public Irreps scalars() {
        List<MulIrrep> out = new ArrayList<>();
        for (MulIrrep b : blocks) {
            if (b.irrep().isScalar()) {
                out.add(b);
            }
        }
        return new Irreps(out);
    }

    /**
     * The result of {@link #sort()}.
     *
     * @param irreps the sorted irreps
     * @param p {@code p[i]} is the new position of block {@code i}
     * @param inv {@code inv[k]} is the old position of sorted block {@code k}
     */
    public record Sorted(Irreps irreps, int[] p, int[] inv) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof Irreps && ((Irreps) o).blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (MulIrrep b : blocks) {
            if (sb.length() > 0) {
                sb.append('+');
            }
            sb.append(b);
        }
        return sb.toString();
    }
}
