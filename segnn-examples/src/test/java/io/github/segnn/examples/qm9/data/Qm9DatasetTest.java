// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Record;
import io.github.segnn.djl.dataset.ConcatBatchifier;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.examples.qm9.Qm9TestData;
import io.github.segnn.examples.qm9.io.Qm9Reader;
import io.github.segnn.examples.qm9.model.Qm9Graphs;
import java.util.List;
import org.junit.jupiter.api.Test;

class Qm9DatasetTest {

    @Test
    void batchesBuiltInOneGoEqualTheRecordsBatchifiedOneByOne() throws Exception {
        List<Qm9Molecule> molecules = Qm9Reader.builder().optThreads(1).build().read(Qm9TestData.xyzFolder());
        Qm9Graphs graphs = Qm9Graphs.build(molecules, 2.0, 1);
        double[] labels = new double[graphs.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 0.25 * i - 1;
        }
        Qm9Dataset ds = Qm9Dataset.builder().setGraphs(graphs, labels).setSampling(EpochShuffleSampler.sequential(4))
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            long[] idx = {5, 0, 17, 3};
            NDList[] fast = ds.build(m, idx);
            NDList[] data = new NDList[idx.length];
            NDList[] label = new NDList[idx.length];
            for (int i = 0; i < idx.length; i++) {
                Record r = ds.get(m, idx[i]);
                data[i] = r.getData();
                label[i] = r.getLabels();
            }
            NDList want = new GraphBatchifier().batchify(data);
            assertEquals(want.size(), fast[0].size());
            for (int k = 0; k < want.size(); k++) {
                NDArray a = want.get(k);
                NDArray b = fast[0].get(k);
                assertEquals(a.getName(), b.getName());
                assertEquals(a.getShape(), b.getShape(), a.getName());
                assertArrayEquals(a.toType(DataType.FLOAT64, false).toDoubleArray(),
                        b.toType(DataType.FLOAT64, false).toDoubleArray(), a.getName());
            }
            assertArrayEquals(new ConcatBatchifier().batchify(label).head().toDoubleArray(),
                    fast[1].head().toDoubleArray());
        }
    }
}
