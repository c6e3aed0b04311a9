// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every source file of the repository starts with its license identifier: Java files with
 * {@code // SPDX-License-Identifier: Apache-2.0}, scripts with {@code # SPDX-License-Identifier:
 * Apache-2.0} (after the {@code #!} line). {@code scripts/spdx-headers.sh} adds missing ones.
 */
class SpdxHeadersTest {

    static final String ID = "SPDX-License-Identifier: Apache-2.0";

    /** Folders that hold no sources of the project: build output, data, runs, tool state, shared material. */
    private static final Set<String> SKIPPED = Set.of("target", "data", "runs", "out", "local", "gpu-bundle",
            "node_modules", "__pycache__", "shared");

    @Test
    void everySourceFileCarriesTheLicenseIdentifier() throws IOException {
        Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("LICENSE")), "repository root with LICENSE expected at " + root);
        List<String> missing = new ArrayList<>();
        int[] checked = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean hidden = name.startsWith(".") && !name.equals(".ci") && !dir.equals(root);
                return hidden || SKIPPED.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String comment = commentOf(file);
                if (comment != null) {
                    checked[0]++;
                    if (!carriesIdentifier(file, comment)) {
                        missing.add(root.relativize(file).toString());
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(checked[0] > 100, "found only " + checked[0] + " source files under " + root);
        if (!missing.isEmpty()) {
            fail(missing.size() + " source file(s) without the line '" + ID + "' at the top (run"
                    + " scripts/spdx-headers.sh to add it):\n  " + String.join("\n  ", missing));
        }
    }

    @Test
    void headerRulesAcceptOnlyTheExactLine() throws IOException {
        Path dir = Files.createTempDirectory("spdx");
        try {
            Path java = Files.writeString(dir.resolve("A.java"), "// " + ID + "\npackage a;\n");
            Path script = Files.writeString(dir.resolve("run"), "#!/bin/sh\n# " + ID + "\necho\n");
            Path late = Files.writeString(dir.resolve("B.java"), "package b;\n// " + ID + "\n");
            Path other = Files.writeString(dir.resolve("notes.txt"), "text\n");
            assertEquals("//", commentOf(java));
            assertEquals("#", commentOf(script));
            assertEquals(null, commentOf(other));
            assertTrue(carriesIdentifier(java, "//"));
            assertTrue(carriesIdentifier(script, "#"));
            assertTrue(!carriesIdentifier(late, "//"), "the identifier must be the first line");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** The comment marker of a source file, or null for a file that is not one. */
    static String commentOf(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".java")) {
            return "//";
        }
        if (name.endsWith(".sh") || name.endsWith(".py")) {
            return "#";
        }
        byte[] start = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            return in.read(start) == 2 && start[0] == '#' && start[1] == '!' ? "#" : null;
        }
    }

    /** Whether the identifier is the first line, or the second after a {@code #!} line. */
    static boolean carriesIdentifier(Path file, String comment) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            String line = first != null && first.startsWith("#!") ? r.readLine() : first;
            return (comment + " " + ID).equals(line);
        }
    }
}
