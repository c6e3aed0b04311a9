// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.djl.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.segnn.djl.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphsTest {

    @Test
    void fullyConnectedIsSortedByTargetThenSourceWithoutSelfLoops() {
        long[][] e = Graphs.fullyConnected(3, 2);
        assertArrayEquals(new long[] {1, 2, 0, 2, 0, 1, 4, 3}, e[0]);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 4}, e[1]);
        long[][] some = Graphs.fullyConnected(1, 0, 2);
        assertArrayEquals(new long[] {2, 1}, some[0]);
        assertArrayEquals(new long[] {1, 2}, some[1]);
        assertEquals(100 * 20, Graphs.fullyConnected(repeat(5, 100))[0].length);
        assertThrows(IllegalArgumentException.class, () -> Graphs.fullyConnected(2, -1));
    }

    @Test
    void radiusIsStrictlyLessThanTheCutoffAndStaysWithinGraphs() {
        double[][] x = {{0, 0, 0}, {1, 0, 0}, {2.5, 0, 0}, {2.6, 0, 0}};
        long[] graphs = {0, 0, 0, 1};
        long[][] e = Graphs.radius(x, graphs, 1.5);
        // |x1 - x2| = 1.5 is not < 1.5; node 3 is 0.1 away from node 2 but in another graph
        assertArrayEquals(new long[] {1, 0}, e[0]);
        assertArrayEquals(new long[] {0, 1}, e[1]);
        long[][] wider = Graphs.radius(x, graphs, 1.5000001);
        assertArrayEquals(new long[] {1, 0, 2, 1}, wider[0]);
        assertArrayEquals(new long[] {0, 1, 1, 2}, wider[1]);
    }

    @Test
    void maxNeighborsKeepsTheSmallestSourceNumbers() {
        double[][] x = new double[6][];
        for (int i = 0; i < 6; i++) {
            x[i] = new double[] {0.1 * i, 0, 0};
        }
        long[][] e = Graphs.radius(x, new long[6], 10, 2);
        assertArrayEquals(new long[] {1, 2, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1}, e[0]);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, e[1]);
        assertEquals(30, Graphs.radius(x, new long[6], 10)[0].length);
    }

    @Test
    void cellListAgreesWithAllPairsOnLargeGraphs() {
        Random r = new Random(3);
        int[] sizes = {300, 7, 150};
        long[] graphIndex = Graphs.graphIndex(sizes);
        double[][] x = new double[graphIndex.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {6 * r.nextDouble(), 6 * r.nextDouble(), 60 * r.nextDouble() - 30};
        }
        for (int max : new int[] {1, 5, 1000}) {
            long[][] got = Graphs.radius(x, graphIndex, 1.3, max);
            long[][] want = allPairs(x, graphIndex, 1.3, max);
            assertArrayEquals(want[0], got[0], "sources, maxNeighbors " + max);
            assertArrayEquals(want[1], got[1], "targets, maxNeighbors " + max);
            assertTrue(got[0].length > 0);
        }
    }

    private static long[][] allPairs(double[][] x, long[] graph, double cutoff, int max) {
        List<long[]> edges = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            int count = 0;
            for (int j = 0; j < x.length && count < max; j++) {
                double dx = x[i][0] - x[j][0];
                double dy = x[i][1] - x[j][1];
                double dz = x[i][2] - x[j][2];
                if (j != i && graph[i] == graph[j] && dx * dx + dy * dy + dz * dz < cutoff * cutoff) {
                    edges.add(new long[] {j, i});
                    count++;
                }
            }
        }
        long[][] out = new long[2][edges.size()];
        for (int k = 0; k < edges.size(); k++) {
            out[0][k] = edges.get(k)[0];
            out[1][k] = edges.get(k)[1];
        }
        return out;
    }

    @Test
    void buildsATenthOfQm9QuicklyInMolecularDensity() {
        // 13,083 molecules of 3..29 atoms (a tenth of QM9's 130,831) at about one atom per 10 A^3
        Random r = new Random(0);
        int molecules = 13_083;
        int[] sizes = new int[molecules];
        for (int g = 0; g < molecules; g++) {
            sizes[g] = 3 + r.nextInt(27);
        }
        long[] graphIndex = Graphs.graphIndex(sizes);
        double[][] x = new double[graphIndex.length][];
        int k = 0;
        for (int g = 0; g < molecules; g++) {
            double side = Math.cbrt(10.0 * sizes[g]);
            for (int a = 0; a < sizes[g]; a++) {
                x[k++] = new double[] {side * r.nextDouble(), side * r.nextDouble(), side * r.nextDouble()};
            }
        }
        long t0 = System.nanoTime();
        long[][] e = Graphs.radius(x, graphIndex, 2.0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e[0].length > graphIndex.length, "edges " + e[0].length);
        // the whole of QM9 must take well under 30 s; a tenth gets a tenth of that budget
        assertTrue(seconds < 3, "took " + seconds + " s");
        for (int i = 1; i < e[1].length; i++) {
            assertTrue(e[1][i] > e[1][i - 1] || (e[1][i] == e[1][i - 1] && e[0][i] > e[0][i - 1]), "order at " + i);
        }
    }

    @Test
    void badInputsFailWithClearMessages() {
        double[][] x = {{0, 0, 0}, {1, Double.NaN, 0}};
        String msg = assertThrows(IllegalArgumentException.class, () -> Graphs.radius(x, new long[2], 2))
                .getMessage();
        assertTrue(msg.contains("positions[1]") && msg.contains("not finite"), msg);
        double[][] ok = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}};
        msg = assertThrows(IllegalArgumentException.class, () -> Graphs.radius(ok, new long[] {1, 0, 0}, 2))
                .getMessage();
        assertTrue(msg.contains("sorted") && msg.contains("graphIndex[1]"), msg);
        msg = assertThrows(IllegalArgumentException.class, () -> Graphs.radius(ok, new long[2], 2)).getMessage();
        assertTrue(msg.contains("3 positions") && msg.contains("2 graphIndex"), msg);
        assertThrows(IllegalArgumentException.class, () -> Graphs.radius(ok, new long[3], 0));
        assertThrows(IllegalArgumentException.class, () -> Graphs.radius(ok, new long[3], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Graphs.radius(new double[][] {{0, 0}}, new long[1], 1));
    }

    @Test
    void knnTakesTheKNearestOfTheSameGraphWithDeterministicTies() {
        // graph 0: a line 0, 1, 3, 6 (node i at x_i); graph 1: three nodes, fewer than k + 1
        double[][] x = {{0, 0, 0}, {1, 0, 0}, {3, 0, 0}, {6, 0, 0}, {0, 0, 0}, {0, 1, 0}, {0, -1, 0}};
        long[] graphs = {0, 0, 0, 0, 1, 1, 1};
        long[][] e = Graphs.knn(x, graphs, 2);
        // node 0: 1 (d=1), 2 (d=3); node 1: 0 (1), 2 (2); node 2: 1 (2), 0 and 3 tie at 3 -> 0 (smaller);
        // node 3: 2 (3), 1 (5); graph 1 keeps both other nodes of each node
        assertArrayEquals(new long[] {1, 2, 0, 2, 0, 1, 1, 2, 5, 6, 4, 6, 4, 5}, e[0]);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}, e[1]);
        // the graph is directed: 3 -> 2 is absent although 2 -> 3 is present
        long[][] one = Graphs.knn(x, graphs, 1);
        assertArrayEquals(new long[] {1, 0, 1, 2, 5, 4, 4}, one[0]);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6}, one[1]);
    }

    @Test
    void knnAgreesWithSortingAllCandidates() {
        Random r = new Random(5);
        int[] sizes = {100, 1, 7, 2, 100};
        long[] graphIndex = Graphs.graphIndex(sizes);
        double[][] x = new double[graphIndex.length][];
        for (int i = 0; i < x.length; i++) {
            // a coarse grid makes many equal distances
            x[i] = new double[] {r.nextInt(5), r.nextInt(5), r.nextGaussian()};
        }
        for (int k : new int[] {1, 6, 200}) {
            long[][] got = Graphs.knn(x, graphIndex, k);
            List<long[]> want = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                List<Integer> candidates = new ArrayList<>();
                for (int j = 0; j < x.length; j++) {
                    if (j != i && graphIndex[j] == graphIndex[i]) {
                        candidates.add(j);
                    }
                }
                final int target = i;
                candidates.sort((a, b) -> {
                    int c = Double.compare(d2(x[target], x[a]), d2(x[target], x[b]));
                    return c != 0 ? c : Integer.compare(a, b);
                });
                List<Integer> kept = new ArrayList<>(candidates.subList(0, Math.min(k, candidates.size())));
                kept.sort(null);
                for (int j : kept) {
                    want.add(new long[] {j, i});
                }
            }
            assertEquals(want.size(), got[0].length, "k " + k);
            for (int e = 0; e < want.size(); e++) {
                assertEquals(want.get(e)[0], got[0][e], "source of edge " + e + ", k " + k);
                assertEquals(want.get(e)[1], got[1][e], "target of edge " + e + ", k " + k);
            }
        }
        assertEquals(200 * 6 + 0 + 7 * 6 + 2 * 1, Graphs.knn(x, graphIndex, 6)[0].length);
    }

    @Test
    void knnRejectsBadArguments() {
        double[][] ok = {{0, 0, 0}, {1, 0, 0}};
        assertThrows(IllegalArgumentException.class, () -> Graphs.knn(ok, new long[2], 0));
        String msg = assertThrows(IllegalArgumentException.class, () -> Graphs.knn(ok, new long[] {1, 0}, 1))
                .getMessage();
        assertTrue(msg.startsWith("Graphs.knn") && msg.contains("sorted"), msg);
        double[][] nan = {{0, 0, 0}, {Double.NaN, 0, 0}};
        assertThrows(IllegalArgumentException.class, () -> Graphs.knn(nan, new long[2], 1));
    }

    private static double d2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return dx * dx + dy * dy + dz * dz;
    }

    @Test
    void graphIndexAndToNDArray() {
        assertArrayEquals(new long[] {0, 0, 0, 2, 2}, Graphs.graphIndex(3, 0, 2));
        try (NDManager m = TestSupport.manager()) {
            NDArray e = Graphs.toNDArray(m, Graphs.fullyConnected(3));
            assertEquals(new Shape(2, 6), e.getShape());
            assertEquals(DataType.INT64, e.getDataType());
            assertArrayEquals(new long[] {1, 2, 0, 2, 0, 1, 0, 0, 1, 1, 2, 2}, e.toLongArray());
        }
    }

    private static int[] repeat(int value, int times) {
        int[] a = new int[times];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
