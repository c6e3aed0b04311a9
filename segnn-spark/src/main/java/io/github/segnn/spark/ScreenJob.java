// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.spark;

import ai.djl.Device;
import ai.djl.repository.zoo.ZooModel;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import io.github.segnn.examples.qm9.inference.Molecule;
import io.github.segnn.examples.qm9.inference.Prediction;
import io.github.segnn.examples.qm9.inference.Qm9Inference;
import io.github.segnn.examples.qm9.screen.MoleculeSource;
import io.github.segnn.examples.qm9.screen.MoleculeTexts;
import io.github.segnn.examples.qm9.screen.ScreenRecord;
import io.github.segnn.examples.qm9.screen.ScreenRow;
import io.github.segnn.examples.qm9.screen.Screening;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The screening of {@code segnn qm9 screen} as a Spark job.
 *
 * <ol>
 *   <li>Input: a Parquet dataset of molecule files (columns {@code name} string, {@code text}
 *       string: one file's name and content per row), or a folder / file pattern of {@code .xyz},
 *       {@code .sdf}, {@code .mol} files, read as whole files.
 *   <li>{@code flatMap}: each file's text to records ({@link MoleculeTexts}, malformed records
 *       become error rows).
 *   <li>{@code mapPartitions}: one DJL {@code ZooModel} and {@code Predictor} per partition
 *       ({@link Qm9Inference#criteria}), predictions in batches ({@link Screening}).
 *   <li>Output: Parquet with the columns of {@link ScreenRow#COLUMNS} ({@code prediction} null on
 *       error rows).
 * </ol>
 *
 * <p>The run folder is shipped to the executors with {@code SparkContext.addFile}, so the same
 * command works on the embedded {@code local[*]} master (the default when no master is configured)
 * and under {@code spark-submit} on a cluster.
 */
public final class ScreenJob implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The schema of the output. */
    public static final StructType OUTPUT_SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("formula", DataTypes.StringType, false)
            .add("atoms", DataTypes.IntegerType, false)
            .add("prediction", DataTypes.DoubleType, true)
            .add("unit", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, false);

    /** The run folder's name, as shipped to the executors with {@code SparkContext.addFile}. */
    private final String runName;
    /** The unit of the run's predicted property. */
    private final String unit;
    /** Molecules per forward pass in each partition. */
    private final int batchSize;

    private ScreenJob(String runName, String unit, int batchSize) {
        this.runName = runName;
        this.unit = unit;
        this.batchSize = batchSize;
    }

    /**
     * Runs the job: {@code --model RUN --input SRC --out DIR [--batch-size N] [--partitions N]
     * [--overwrite]}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("segnn-spark screen: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession.Builder b = SparkSession.builder().appName("segnn-qm9-screen");
        if (!new org.apache.spark.SparkConf().contains("spark.master")) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            long t0 = System.nanoTime();
            long[] counts = run(spark, o.model, o.input, o.out, o.batchSize, o.partitions, o.overwrite);
            double s = (System.nanoTime() - t0) / 1e9;
            System.err.println(String.format(Locale.ROOT, "segnn-spark screen: %d molecules, %d predicted, %d errors in "
                    + "%.1f s (%.0f molecules/s) -> %s", counts[0], counts[1], counts[0] - counts[1], s, counts[0] / s,
                    o.out));
        } catch (Exception e) {
            // Spark's own failures (an existing output, an unreadable input) arrive as unchecked Scala exceptions
            System.err.println("segnn-spark screen: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    /**
     * Screens an input and writes Parquet.
     *
     * @param spark the session
     * @param model the run folder of {@code qm9 train}
     * @param input a Parquet dataset of files ({@code name}, {@code text}) or a folder / glob of
     *     molecule files
     * @param out the output folder
     * @param batchSize molecules per forward pass
     * @param partitions minimum number of partitions of file inputs, 0 for Spark's default
     * @param overwrite whether to replace an existing output (otherwise it is an error)
     * @return {@code {rows, predicted}}
     * @throws IOException if the run folder is not a QM9 run
     */
    public static long[] run(SparkSession spark, String model, String input, String out, int batchSize,
            int partitions, boolean overwrite) throws IOException {
        Path runDir = Path.of(model);
        Qm9RunInfo info = Qm9RunInfo.read(runDir);
        if (!Files.isRegularFile(runDir.resolve("best.params"))) {
            throw new IOException(runDir.resolve("best.params") + " does not exist: train first");
        }
        spark.sparkContext().addFile(runDir.toAbsolutePath().toString(), true);
        ScreenJob job = new ScreenJob(runDir.toAbsolutePath().getFileName().toString(), info.unit, batchSize);
        Dataset<Row> files = files(spark, input, partitions);
        Dataset<Row> records = files.flatMap((FlatMapFunction<Row, Row>) ScreenJob::parse, Encoders.row(RECORD_SCHEMA));
        Dataset<Row> rows = records.mapPartitions((MapPartitionsFunction<Row, Row>) job::predictPartition,
                Encoders.row(OUTPUT_SCHEMA));
        rows.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
        Dataset<Row> written = spark.read().parquet(out);
        long total = written.count();
        long ok = written.filter("error = ''").count();
        return new long[] {total, ok};
    }

    /**
     * Schema of parsed records: a molecule as its symbols and its flat positions, each a
     * space-separated string (exact: {@code Double.toString} round-trips), or an error.
     */
    static final StructType RECORD_SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("symbols", DataTypes.StringType, true)
            .add("positions", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);

    private static Dataset<Row> files(SparkSession spark, String input, int partitions) {
        boolean parquet = input.toLowerCase(Locale.ROOT).endsWith(".parquet") || (Files.isDirectory(Path.of(input))
                && hasParquet(Path.of(input)));
        if (parquet) {
            return spark.read().parquet(input).select("name", "text");
        }
        String pattern = input;
        if (Files.isDirectory(Path.of(input))) {
            pattern = Path.of(input).toAbsolutePath() + "/*.{xyz,sdf,sd,mol,XYZ,SDF,MOL}";
        }
        int min = partitions > 0 ? partitions : spark.sparkContext().defaultMinPartitions();
        StructType schema = new StructType().add("name", DataTypes.StringType, false).add("text", DataTypes.StringType,
                false);
        return spark.createDataFrame(spark.sparkContext().wholeTextFiles(pattern, min).toJavaRDD()
                .map((Tuple2<String, String> t) -> RowFactory.create(t._1(), t._2())), schema);
    }

    private static boolean hasParquet(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Iterator<Row> parse(Row file) {
        List<Row> out = new ArrayList<>();
        String name = file.getString(0);
        if (!MoleculeSource.isMoleculeFile(name)) {
            out.add(RowFactory.create(MoleculeTexts.stem(name), null, null, name + ": not a .xyz, .sdf or .mol file"));
            return out.iterator();
        }
        MoleculeTexts.parse(name, file.getString(1), r -> out.add(toRow(r)));
        return out.iterator();
    }

    private static Row toRow(ScreenRecord r) {
        if (r.molecule() == null) {
            return RowFactory.create(r.id(), null, null, r.error());
        }
        Molecule m = r.molecule();
        StringBuilder symbols = new StringBuilder();
        StringBuilder flat = new StringBuilder();
        double[][] p = m.positions();
        for (int a = 0; a < p.length; a++) {
            symbols.append(a == 0 ? "" : " ").append(m.element(a).symbol());
            for (int c = 0; c < 3; c++) {
                flat.append(a == 0 && c == 0 ? "" : " ").append(p[a][c]);
            }
        }
        return RowFactory.create(r.id(), symbols.toString(), flat.toString(), null);
    }

    private static ScreenRecord fromRow(Row r) {
        String id = r.getString(0);
        if (!r.isNullAt(3)) {
            return ScreenRecord.failed(id, r.getString(3));
        }
        List<String> symbols = List.of(r.getString(1).split(" "));
        String[] flat = r.getString(2).split(" ");
        double[][] pos = new double[symbols.size()][3];
        for (int a = 0; a < pos.length; a++) {
            for (int c = 0; c < 3; c++) {
                pos[a][c] = Double.parseDouble(flat[3 * a + c]);
            }
        }
        try {
            return ScreenRecord.of(Molecule.of(id, symbols, pos));
        } catch (IllegalArgumentException e) {
            return ScreenRecord.failed(id, e.getMessage());
        }
    }

    private Iterator<Row> predictPartition(Iterator<Row> records) throws Exception {
        if (!records.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Path runDir = Path.of(SparkFiles.get(runName));
        ZooModel<Molecule, Prediction> model = Qm9Inference.criteria(runDir).optDevice(Device.cpu()).build()
                .loadModel();
        Screening screening = new Screening(model, unit);
        return new Iterator<>() {
            private Iterator<Row> current = java.util.Collections.emptyIterator();
            private boolean closed;

            /** Predicts the next batch when the rows of the last one are used up. */
            @Override
            public boolean hasNext() {
                if (current.hasNext()) {
                    return true;
                }
                if (!records.hasNext()) {
                    if (!closed) {
                        closed = true;
                        screening.close();
                        model.close();
                    }
                    return false;
                }
                List<ScreenRecord> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && records.hasNext()) {
                    batch.add(fromRow(records.next()));
                }
                List<Row> rows = new ArrayList<>(batch.size());
                for (ScreenRow s : screening.predict(batch)) {
                    rows.add(RowFactory.create(s.id(), s.formula(), s.atoms(), s.ok() ? s.prediction() : null, s.unit(),
                            s.error()));
                }
                current = rows.iterator();
                return current.hasNext();
            }

            /** {@inheritDoc} */
            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Command-line options of {@link #main}. */
    static final class Options {
        String model;
        String input;
        String out;
        int batchSize = 256;
        int partitions;
        boolean overwrite;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--overwrite")) {
                    o.overwrite = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--model" -> o.model = v;
                    case "--input" -> o.input = v;
                    case "--out" -> o.out = v;
                    case "--batch-size" -> o.batchSize = positive(a, v);
                    case "--partitions" -> o.partitions = positive(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "; usage: --model RUN --input "
                            + "SRC --out DIR [--batch-size N] [--partitions N] [--overwrite]");
                }
            }
            if (o.model == null || o.input == null || o.out == null) {
                throw new IllegalArgumentException("usage: --model RUN --input SRC --out DIR [--batch-size N] "
                        + "[--partitions N] [--overwrite]");
            }
            return o;
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a positive integer, got '" + value + "'");
        }
    }
}
