// SPDX-License-Identifier: Apache-2.0
/**
 * The QM9 data set (Ramakrishnan et al., Sci. Data 1, 140022 (2014)): parsing of the original
 * {@code dsgdb9nsd} extended-XYZ files, reading the release archive or a folder, the list of
 * uncharacterized molecules, the Cormorant train/valid/test split used by SEGNN, the regression
 * targets with their units, and the {@code qm9} command line group ({@code download}, {@code
 * info}, {@code train}, {@code eval}, {@code predict}). The CSV tables of the PyPI package {@code
 * qm9pack} are read as well.
 *
 * <p>Training follows SEGNN's {@code qm9/}: {@link Qm9Graphs} builds the radius graphs and one-hot
 * features of all molecules once, {@link Qm9Featurizer} computes the geometric attributes per
 * batch, {@link Qm9Model} is the featurizer plus a graph-task {@link io.github.segnn.djl.model.Segnn},
 * and {@link Qm9Experiment} plugs it into {@link io.github.segnn.examples.train.ExperimentRunner}
 * with the L1 loss on standardized targets and the MAE in the report unit as metric.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * Qm9Exclusions excluded = Qm9Exclusions.read(dir.resolve("uncharacterized.txt"));
 * List<Qm9Molecule> all = Qm9Reader.builder().optExclusions(excluded).build()
 *         .read(dir.resolve("dsgdb9nsd.xyz.tar.bz2"));
 * Qm9Split split = Qm9Split.cormorant(excluded.includedIndices(Qm9Exclusions.GDB9_SIZE));
 * List<Qm9Molecule> train = split.select(all, Qm9Partition.TRAIN);
 * double y = Qm9Target.parse("homo").value(train.get(0)); // eV
 * }</pre>
 *
 * <p>and on the command line: {@code segnn qm9 train --data qm9pack-1.0.3-py3-none-any.whl
 * --exclusions uncharacterized.txt --target homo --max-train 10000 --epochs 10}.
 */
package io.github.segnn.examples.qm9;
