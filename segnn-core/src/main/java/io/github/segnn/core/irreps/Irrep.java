// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core.irreps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An irreducible representation of O(3): degree {@code l >= 0} and parity {@code p = +1 ("e")} or
 * {@code -1 ("o")}, of dimension {@code 2l+1}. Immutable value type; {@link #toString()} and
 * {@link #parse(String)} round-trip ({@code "1o"}). The suffix {@code y} parses as the parity of
 * spherical harmonics, {@code (-1)^l}.
 *
 * <p>Order follows e3nn: by l, then odd before even ({@code 0o < 0e < 1o < 1e}).
 */
public final class Irrep implements Comparable<Irrep> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)([eoy])");

    private final int l;
    private final int p;

    private Irrep(int l, int p) {
        this.l = l;
        this.p = p;
    }

    /**
     * Returns the irrep of degree {@code l} and parity {@code p}.
     *
     * @param l the degree, {@code >= 0}
     * @param p the parity, {@code +1} or {@code -1}
     * @return the irrep
     */
    public static Irrep of(int l, int p) {
        if (l < 0) {
            throw new IllegalArgumentException("Irrep degree must be >= 0, got l=" + l);
        }
        if (p != 1 && p != -1) {
            throw new IllegalArgumentException("Irrep parity must be +1 or -1, got p=" + p);
        }
        return new Irrep(l, p);
    }

    /**
     * Returns the irrep of spherical harmonics of degree {@code l}: parity {@code (-1)^l}.
     *
     * @param l the degree
     * @return {@code 0e, 1o, 2e, ...}
     */
    public static Irrep sphericalHarmonic(int l) {
        return of(l, l % 2 == 0 ? 1 : -1);
    }

    /**
     * Parses {@code "<l><e|o|y>"}, for example {@code "2e"}.
     *
     * @param text the text
     * @return the irrep
     * @throws IllegalArgumentException quoting the text if it is malformed
     */
    public static Irrep parse(String text) {
        String s = text == null ? "" : text.trim();
        Matcher m = FORMAT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Malformed irrep '" + text + "': expected <l><e|o|y>, such as '0e', '1o' or '2y'");
        }
        int l;
        try {
            l = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed irrep '" + text + "': degree out of range", e);
        }
        char c = m.group(2).charAt(0);
        int p = c == 'e' ? 1 : c == 'o' ? -1 : (l % 2 == 0 ? 1 : -1);
        return new Irrep(l, p);
    }

    /**
     * Returns the degree.
     *
     * @return l
     */
    public int l() {
        return l;
    }

    /**
     * Returns the parity.
     *
     * @return +1 (even) or -1 (odd)
     */
    public int p() {
        return p;
    }

    /**
     * Returns the dimension {@code 2l+1}.
     *
     * @return the dimension
     */
    public int dim() {
        return 2 * l + 1;
    }

    /**
     * Returns whether this is the trivial irrep {@code 0e}.
     *
     * @return true for 0e
     */
    public boolean isScalar() {
        return l == 0 && p == 1;
    }

    /**
     * Returns the irreps in the product {@code this x other}: degrees {@code |l1-l2|..l1+l2}, parity
     * {@code p1*p2}, in increasing l.
     *
     * @param other the other irrep
     * @return the irreps of the product
     */
    public List<Irrep> times(Irrep other) {
        List<Irrep> out = new ArrayList<>();
        for (int lo = Math.abs(l - other.l); lo <= l + other.l; lo++) {
            out.add(new Irrep(lo, p * other.p));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns whether {@code this} appears in {@code a x b} (triangle rule and parity).
     *
     * @param a first factor
     * @param b second factor
     * @return true if allowed
     */
    public boolean isIn(Irrep a, Irrep b) {
        return Math.abs(a.l - b.l) <= l && l <= a.l + b.l && p == a.p * b.p;
    }

    @Override
    public int compareTo(Irrep o) {
        if (l != o.l) {
            return Integer.compare(l, o.l);
        }
        return Integer.compare(p, o.p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Irrep && ((Irrep) o).l == l && ((Irrep) o).p == p;
    }

    @Override
    public int hashCode() {
        return 31 * l + p;
    }

    @Override
    public String toString() {
        return l + (p == 1 ? "e" : "o");
    }
}
