// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.simulation;

import io.github.segnn.examples.io.Npy;
import io.github.segnn.examples.random.NumpyRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Compares generated charged trajectories with the reference frames of the compact layout
 * (loc30/vel30/loc40/charges per split), trajectory by trajectory.
 *
 * <p>Run manually for the full comparison: {@code java -cp ... ChargedReferenceComparison DIR
 * [NUMPY|DIRECT] [threads]}; the tests use it on the first trajectories of each split.
 */
final class ChargedReferenceComparison {

    /** Per-split statistics: trajectories compared, how many agree exactly / within 1e-6, worst difference. */
    record Stats(String split, int count, int chargesEqual, int bitExact, int within1e6, double maxAbsDiff,
            int[] histogram) {

        String line() {
            return String.format(Locale.ROOT,
                    "%-5s %5d trajectories: charges equal %d, bit-exact %d, within 1e-6 %d (%.2f%%), max |diff| %.3g;"
                            + " max|diff| <=1e-14 %d, <=1e-12 %d, <=1e-9 %d, <=1e-6 %d, <=1e-3 %d, >1e-3 %d",
                    split, count, chargesEqual, bitExact, within1e6, 100.0 * within1e6 / count, maxAbsDiff,
                    histogram[0], histogram[1], histogram[2], histogram[3], histogram[4], histogram[5]);
        }
    }

    private ChargedReferenceComparison() {}

    /**
     * Compares the first {@code count} trajectories of a split.
     *
     * @param system the simulator
     * @param threads integration threads
     * @param rng the stream positioned at the split's first trajectory; advanced by {@code skipAfter} more
     * @param count how many to compare
     * @param refLoc30 reference positions at frame 30, (≥count, 3, n)
     * @param refVel30 reference velocities at frame 30
     * @param refLoc40 reference positions at frame 40
     * @param refCharges reference charges, (≥count, n, 1)
     * @param name the split name for the report
     * @return the statistics
     */
    static Stats compare(ChargedSystem system, int threads, NumpyRandom rng, int count, double[] refLoc30,
            double[] refVel30, double[] refLoc40, double[] refCharges, String name) {
        ChargedSplit split = NbodyGenerator.charged(system, threads).generate(rng, count);
        int n = system.numParticles();
        int fs = 3 * n;
        double[] loc30 = split.locAt(30);
        double[] vel30 = split.velAt(30);
        double[] loc40 = split.locAt(40);
        int chargesEqual = 0;
        int exact = 0;
        int within = 0;
        double worst = 0;
        int[] hist = new int[6];
        double[] bounds = {1e-14, 1e-12, 1e-9, 1e-6, 1e-3};
        for (int t = 0; t < count; t++) {
            boolean q = true;
            for (int i = 0; i < n; i++) {
                q &= split.charges()[t * n + i] == refCharges[t * n + i];
            }
            chargesEqual += q ? 1 : 0;
            double m = 0;
            for (int c = 0; c < fs; c++) {
                int k = t * fs + c;
                m = Math.max(m, Math.abs(loc30[k] - refLoc30[k]));
                m = Math.max(m, Math.abs(vel30[k] - refVel30[k]));
                m = Math.max(m, Math.abs(loc40[k] - refLoc40[k]));
            }
            exact += m == 0 ? 1 : 0;
            within += m <= 1e-6 ? 1 : 0;
            worst = Math.max(worst, m);
            int b = 0;
            while (b < bounds.length && m > bounds[b]) {
                b++;
            }
            hist[b]++;
        }
        return new Stats(name, count, chargesEqual, exact, within, worst, hist);
    }

    /**
     * Runs the full comparison against a directory in the compact layout.
     *
     * @param args the directory, optionally the distance mode and the thread count
     * @throws IOException if a reference file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        DistanceMode mode = args.length > 1 ? DistanceMode.valueOf(args[1]) : DistanceMode.NUMPY;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        ChargedSystem system = ChargedSystem.builder().optDistanceMode(mode).build();
        NumpyRandom rng = new NumpyRandom(43);
        int[] totals = {10000, 2000, 2000};
        String[] names = {"train", "valid", "test"};
        long t0 = System.nanoTime();
        System.out.println("distance mode " + mode + ", " + threads + " threads");
        for (int s = 0; s < 3; s++) {
            double[] l30 = Npy.read(dir.resolve("loc30_" + names[s] + ".npy")).doubles();
            double[] v30 = Npy.read(dir.resolve("vel30_" + names[s] + ".npy")).doubles();
            double[] l40 = Npy.read(dir.resolve("loc40_" + names[s] + ".npy")).doubles();
            double[] q = Npy.read(dir.resolve("charges_" + names[s] + ".npy")).doubles();
            int count = q.length / system.numParticles();
            Stats st = compare(system, threads, rng, count, l30, v30, l40, q, names[s]);
            for (int t = count; t < totals[s]; t++) {
                system.drawInitialState(rng);
            }
            System.out.println(st.line());
        }
        System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
