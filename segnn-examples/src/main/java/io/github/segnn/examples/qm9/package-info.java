// SPDX-License-Identifier: Apache-2.0
/**
 * The QM9 experiment of SEGNN (Ramakrishnan et al., Sci. Data 1, 140022 (2014)), by role: {@code
 * io} (the {@code dsgdb9nsd} extended-XYZ files, the release archive, the CSV tables of the PyPI
 * package {@code qm9pack} and the list of uncharacterized molecules), {@code download}, {@code
 * data} (molecules, targets and units, the Cormorant train/valid/test split, standardization and
 * the DJL {@code Qm9Dataset}), {@code model} (radius graphs, features and the QM9 model Block),
 * {@code experiment} (a training run), {@code cli} (the {@code segnn qm9} commands), {@code
 * inference} (DJL {@code Criteria} loading) and {@code screen} (screening many molecules).
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * Qm9Exclusions excluded = Qm9Exclusions.read(dir.resolve("uncharacterized.txt"));
 * List<Qm9Molecule> all = Qm9Reader.builder().optExclusions(excluded).build()
 *         .read(dir.resolve("dsgdb9nsd.xyz.tar.bz2"));
 * Qm9Split split = Qm9Split.cormorant(excluded.includedIndices(Qm9Exclusions.GDB9_SIZE));
 * List<Qm9Molecule> train = split.select(all, Dataset.Usage.TRAIN);
 * double y = Qm9Target.parse("homo").value(train.get(0)); // eV
 * }</pre>
 *
 * <p>and on the command line: {@code segnn qm9 train --data qm9pack-1.0.3-py3-none-any.whl
 * --exclusions uncharacterized.txt --target homo --max-train 10000 --epochs 10}.
 */
package io.github.segnn.examples.qm9;
