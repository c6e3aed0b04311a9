// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import io.github.segnn.djl.dataset.ConcatBatchifier;
import io.github.segnn.djl.dataset.EpochShuffleSampler;
import io.github.segnn.djl.dataset.GraphDatasetBatch;
import io.github.segnn.djl.graph.GraphBatchifier;
import io.github.segnn.examples.nbody.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NbodyDatasetTest {

    private static NbodyDataset dataset(Map<Dataset.Usage, ChargedFrames> data, Dataset.Usage usage, NbodyGraph graph,
            EpochShuffleSampler sampler) {
        return NbodyDataset.builder().setData(data).optGraph(graph).optUsage(usage).setSampling(sampler)
                .optDataType(DataType.FLOAT64).build();
    }

    private static void assertSame(NDList want, NDList got, String what) {
        assertEquals(want.size(), got.size(), what + ": array count");
        for (int i = 0; i < want.size(); i++) {
            NDArray a = want.get(i);
            NDArray b = got.get(i);
            assertEquals(a.getName(), b.getName(), what + " array " + i);
            assertEquals(a.getShape(), b.getShape(), what + " " + a.getName());
            assertEquals(a.getDataType(), b.getDataType(), what + " " + a.getName());
            if (a.getDataType().isFloating()) {
                assertArrayEquals(a.toType(DataType.FLOAT64, false).toDoubleArray(),
                        b.toType(DataType.FLOAT64, false).toDoubleArray(), what + " " + a.getName());
            } else {
                assertArrayEquals(a.toType(DataType.INT64, false).toLongArray(),
                        b.toType(DataType.INT64, false).toLongArray(), what + " " + a.getName());
            }
        }
    }

    @Test
    void batchesBuiltInOneGoEqualTheRecordsBatchifiedOneByOne() throws Exception {
        Map<Dataset.Usage, ChargedFrames> data = TestData.referenceFrames();
        for (NbodyGraph graph : new NbodyGraph[] {NbodyGraph.FULLY_CONNECTED, NbodyGraph.knn(3)}) {
            NbodyDataset ds = dataset(data, Dataset.Usage.VALIDATION, graph, EpochShuffleSampler.sequential(4));
            try (NDManager m = NDManager.newBaseManager()) {
                long[] idx = {7, 2, 19, 3};
                NDList[] fast = ds.build(m, idx);
                NDList[] records = new NDList[idx.length];
                NDList[] labels = new NDList[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    Record r = ds.get(m, idx[i]);
                    records[i] = r.getData();
                    labels[i] = r.getLabels();
                }
                assertSame(new GraphBatchifier().batchify(records), fast[0], graph + " data");
                assertSame(new ConcatBatchifier().batchify(labels), fast[1], graph + " labels");
            }
        }
    }

    @Test
    void trainingBatchesFollowTheSeededShuffleAndSplitIntoWholeGraphs() throws Exception {
        Map<Dataset.Usage, ChargedFrames> data = TestData.referenceFrames();
        EpochShuffleSampler sampler = new EpochShuffleSampler(4, true, true, 7);
        NbodyDataset ds = NbodyDataset.builder().setData(data).setSampling(sampler).optLimit(10).build();
        assertEquals(10, ds.size());
        try (NDManager m = NDManager.newBaseManager()) {
            List<Long> seen = new ArrayList<>();
            int batches = 0;
            for (Batch b : ds.getData(m)) {
                try (b) {
                    batches++;
                    for (Object o : b.getIndices()) {
                        seen.add((Long) o);
                    }
                    assertEquals(4 * 5, b.getData().head().getShape().get(0));
                    Batch[] parts = b.split(new ai.djl.Device[] {m.getDevice(), m.getDevice(), m.getDevice()}, false);
                    assertEquals(2, parts.length, "ceil(4 / 3) = 2 graphs per part");
                    NDList[] whole = ds.build(m, ((GraphDatasetBatch) b).records());
                    long[] first = {((GraphDatasetBatch) b).records()[0], ((GraphDatasetBatch) b).records()[1]};
                    assertSame(ds.build(m, first)[0], parts[0].getData(), "part 0");
                    NDArray w = parts[0].getLabels().get(1);
                    assertEquals(GraphDatasetBatch.WEIGHT, w.getName());
                    assertEquals(0.5, w.getDouble(), 0);
                    assertEquals(whole[0].size(), parts[1].getData().size());
                }
            }
            assertEquals(2, batches, "10 systems in batches of 4, the last incomplete one dropped");
            int[] order = sampler.order(10, 1);
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(order[i], seen.get(i).intValue());
            }
            assertNotEquals(java.util.Arrays.toString(order), java.util.Arrays.toString(sampler.order(10, 2)),
                    "a new order each epoch");
        }
    }
}
