package io.github.segnn.examples.nbody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segnn.examples.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nbody train --parallel-parts 2}: batches cut in two parts on two threads train the same
 * model as whole batches (up to rounding), and repeat bit for bit.
 */
class ParallelPartsTrainTest {

    private static final Pattern TEST_MSE = Pattern.compile("test_mse=(\\S+)");

    @TempDir
    Path tmp;

    private String[] train(String out, String parts) {
        List<String> a = new ArrayList<>(List.of("nbody", "train", "--data", tmp.resolve("data").toString(), "--out",
                tmp.resolve(out).toString(), "--num-train", "40", "--num-valid", "20", "--num-test", "20",
                "--batch-size", "20", "--epochs", "2", "--eval-every", "2", "--device", "cpu", "--threads", "1",
                "--parallel-parts", parts));
        return CliRun.run(a.toArray(new String[0]));
    }

    private static double testMse(String[] r) {
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        Matcher m = TEST_MSE.matcher(lines[lines.length - 1].strip());
        assertTrue(m.matches(), r[1]);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void twoPartsMatchWholeBatchesAndRepeat() {
        double whole = testMse(train("whole", "1"));
        String[] first = train("a", "2");
        assertTrue(first[1].contains("2 parallel parts per training batch"), first[1]);
        double a = testMse(first);
        double b = testMse(train("b", "2"));
        assertEquals(a, b, 0.0, "two parallel parts are bit-reproducible");
        assertEquals(whole, a, 1e-4 * whole, "parallel parts train the same model as whole batches");
    }

    @Test
    void rejectsPartCountsOutsideTheBatch() {
        String[] r = train("bad", "0");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("--parallel-parts must be in [1, --batch-size = 20], got 0"), r[2]);
    }
}
