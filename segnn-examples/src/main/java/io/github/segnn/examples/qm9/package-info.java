/**
 * The QM9 data set (Ramakrishnan et al., Sci. Data 1, 140022 (2014)): parsing of the original
 * {@code dsgdb9nsd} extended-XYZ files, reading the release archive or a folder, the list of
 * uncharacterized molecules, the Cormorant train/valid/test split used by SEGNN, the regression
 * targets with their units, and the {@code qm9} command line group ({@code download}, {@code
 * info}). The CSV tables of the PyPI package {@code qm9pack} are read as well.
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
 */
package io.github.segnn.examples.qm9;
