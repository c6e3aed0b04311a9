// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.segnn.core.irreps.Irreps;
import io.github.segnn.core.so3.SphericalHarmonics;
import io.github.segnn.djl.graph.GraphBatch;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.data.Qm9Element;
import io.github.segnn.examples.qm9.data.Qm9Molecule;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Qm9GraphsTest {

    private static List<Qm9Molecule> molecules;

    @BeforeAll
    static void read() throws IOException {
        molecules = Qm9Reader.builder().optThreads(1).build().read(Qm9TestData.xyzFolder());
        assertEquals(20, molecules.size());
    }

    @Test
    void edgesAreThePairsCloserThanTheRadius() {
        for (double r : new double[] {1.2, 2.0, 3.0}) {
            Qm9Graphs g = Qm9Graphs.build(molecules, r, 2);
            assertEquals(r, g.radius());
            long total = 0;
            for (int k = 0; k < molecules.size(); k++) {
                double[][] p = molecules.get(k).positions();
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < p.length; i++) {
                    for (int j = 0; j < p.length; j++) {
                        double d2 = 0;
                        for (int c = 0; c < 3; c++) {
                            d2 += (p[i][c] - p[j][c]) * (p[i][c] - p[j][c]);
                        }
                        if (i != j && Math.sqrt(d2) < r) {
                            expected.add(j + ">" + i);
                        }
                    }
                }
                long[][] e = g.edges(k);
                Set<String> got = new HashSet<>();
                for (int m = 0; m < e[0].length; m++) {
                    got.add(e[0][m] + ">" + e[1][m]);
                    if (m > 0) {
                        assertTrue(e[1][m] > e[1][m - 1] || (e[1][m] == e[1][m - 1] && e[0][m] > e[0][m - 1]),
                                "sorted by target, then source");
                    }
                }
                assertEquals(expected, got, "molecule gdb " + molecules.get(k).gdbIndex() + ", r = " + r);
                assertEquals(expected.size(), g.edgeCount(k));
                assertEquals(molecules.get(k).atomCount(), g.atomCount(k));
                assertEquals(molecules.get(k).gdbIndex(), g.gdbIndex(k));
                total += expected.size();
            }
            assertEquals(total, g.totalEdges());
        }
        // methane: 4 C-H bonds (1.09 A) and 6 H-H pairs (1.78 A) within 2 A, both directions
        assertEquals(20, Qm9Graphs.build(molecules.subList(0, 1), 2.0, 1).totalEdges());
        assertEquals(0, Qm9Graphs.build(molecules, 2.0, 1).isolatedAtoms());
    }

    @Test
    void batchConcatenatesMoleculesWithOneHotFeatures() {
        Qm9Graphs g = Qm9Graphs.build(molecules, 2.0, 1);
        int[] pick = {3, 0, 17};
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = g.batch(m, pick, DataType.FLOAT64);
            long n = 0;
            long e = 0;
            for (int k : pick) {
                n += g.atomCount(k);
                e += g.edgeCount(k);
            }
            assertEquals(new Shape(n, 3), b.get(0).getShape());
            assertEquals(new Shape(n, 5), b.get(1).getShape());
            assertEquals(new Shape(2, e), b.get(2).getShape());
            assertEquals(DataType.INT64, b.get(2).getDataType());
            double[] pos = b.get(0).toDoubleArray();
            double[] x = b.get(1).toDoubleArray();
            long[] ei = b.get(2).toLongArray();
            long[] graph = b.get(3).toLongArray();
            assertArrayEquals(new long[] {g.atomCount(3), g.atomCount(0), g.atomCount(17)}, b.get(4).toLongArray());
            int node = 0;
            int edge = 0;
            for (int gi = 0; gi < pick.length; gi++) {
                Qm9Molecule mol = molecules.get(pick[gi]);
                for (int a = 0; a < mol.atomCount(); a++) {
                    assertEquals(gi, graph[node + a]);
                    for (int c = 0; c < 3; c++) {
                        assertEquals(mol.position(a, c), pos[3 * (node + a) + c]);
                    }
                    String symbol = mol.element(a).symbol();
                    for (int col = 0; col < 5; col++) {
                        assertEquals("HCNOF".charAt(col) == symbol.charAt(0) ? 1.0 : 0.0, x[5 * (node + a) + col],
                                "one-hot of " + symbol);
                    }
                }
                long[][] local = g.edges(pick[gi]);
                for (int k = 0; k < local[0].length; k++) {
                    assertEquals(node + local[0][k], ei[edge]);
                    assertEquals(node + local[1][k], ei[(int) e + edge]);
                    edge++;
                }
                node += mol.atomCount();
            }
        }
    }

    @Test
    void featuresAreHarmonicsOfSourceMinusTargetAndSquaredDistances() {
        Qm9Graphs g = Qm9Graphs.build(molecules, 2.0, 1);
        int lmax = 3;
        int dim = (lmax + 1) * (lmax + 1);
        int[] pick = {0, 5, 12, 19};
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = g.batch(m, pick, DataType.FLOAT64);
            NDList f = new Qm9Featurizer(lmax).featurize(b.get(0), b.get(1), b.get(2), b.get(3), b.get(4));
            assertEquals(GraphBatch.FIRST_EXTRA, f.size());
            double[] pos = b.get(0).toDoubleArray();
            long[] ei = b.get(2).toLongArray();
            int e = ei.length / 2;
            int n = pos.length / 3;
            double[] edgeAttr = f.get(GraphBatch.EDGE_ATTR).toDoubleArray();
            double[] nodeAttr = f.get(GraphBatch.NODE_ATTR).toDoubleArray();
            double[] dist2 = f.get(GraphBatch.EDGE_SCALARS).toDoubleArray();
            assertEquals(new Shape(e, 1), f.get(GraphBatch.EDGE_SCALARS).getShape());
            assertEquals(new Shape(n, dim), f.get(GraphBatch.NODE_ATTR).getShape());
            double[] sum = new double[n * dim];
            int[] count = new int[n];
            for (int k = 0; k < e; k++) {
                int j = (int) ei[k];
                int i = (int) ei[e + k];
                double[] rel = {pos[3 * j] - pos[3 * i], pos[3 * j + 1] - pos[3 * i + 1], pos[3 * j + 2] - pos[3 * i + 2]};
                double[] y = SphericalHarmonics.compute(lmax, rel, true, SphericalHarmonics.Normalization.COMPONENT);
                assertEquals(1.0, y[0], 1e-15, "component normalization: Y0 = 1");
                for (int c = 0; c < dim; c++) {
                    assertEquals(y[c], edgeAttr[k * dim + c], 1e-12);
                    sum[i * dim + c] += y[c];
                }
                count[i]++;
                assertEquals(rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2], dist2[k], 1e-12);
            }
            for (int i = 0; i < n; i++) {
                assertTrue(count[i] > 0);
                for (int c = 0; c < dim; c++) {
                    assertEquals(sum[i * dim + c] / count[i], nodeAttr[i * dim + c], 1e-12);
                }
            }
        }
    }

    @Test
    void isolatedAtomGetsZeroAttributesAndTheModelStillRuns() {
        Qm9Molecule water = molecules.get(2); // gdb 3, H2O
        assertEquals(3, water.atomCount());
        double[][] p = water.positions();
        double[] flat = new double[9];
        for (int a = 0; a < 3; a++) {
            for (int c = 0; c < 3; c++) {
                flat[3 * a + c] = p[a][c] + (a == 2 ? 10.0 : 0.0); // move the last atom 10 A away
            }
        }
        Qm9Molecule.Builder b = Qm9Molecule.builder().setGdbIndex(3)
                .setElements(water.elements().toArray(new Qm9Element[0])).setPositions(flat)
                .setProperties(water.properties()).setMullikenCharges(water.mullikenCharges())
                .setSmilesGdb(water.smilesGdb()).setInchiGdb(water.inchiGdb());
        List<Qm9Molecule> list = new ArrayList<>(List.of(b.build()));
        Qm9Graphs g = Qm9Graphs.build(list, 2.0, 1);
        assertEquals(1, g.isolatedAtoms());
        assertEquals(2, g.totalEdges());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = g.batch(m, new int[] {0}, DataType.FLOAT64);
            NDList f = new Qm9Featurizer(2).featurize(batch.get(0), batch.get(1), batch.get(2), batch.get(3),
                    batch.get(4));
            double[] nodeAttr = f.get(GraphBatch.NODE_ATTR).toDoubleArray();
            for (int c = 0; c < 9; c++) {
                assertEquals(0.0, nodeAttr[2 * 9 + c], "isolated atom: mean over no edges is 0");
            }
            assertEquals(1.0, nodeAttr[0], 1e-12);
            Qm9ModelConfig cfg = new Qm9ModelConfig(2.0, 2, 1, 1, 8, io.github.segnn.djl.model.FeatureNorm.INSTANCE,
                    io.github.segnn.djl.model.Pooling.AVG);
            Qm9Model model = new Qm9Model(cfg, Irreps.parse("4x0e+2x1o"));
            model.initialize(m, DataType.FLOAT64, batch.getShapes());
            double y = model.forward(new ParameterStore(m, false), batch, false).singletonOrThrow().getDouble(0, 0);
            assertTrue(Double.isFinite(y));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Qm9Graphs.build(molecules, -1, 1));
        assertTrue(e.getMessage().contains("--radius"), e.getMessage());
        assertEquals(0, Qm9Graphs.typeIndex(Qm9Element.H));
        assertEquals(4, Qm9Graphs.typeIndex(Qm9Element.F));
    }
}
