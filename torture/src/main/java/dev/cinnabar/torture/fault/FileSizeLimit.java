package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.term.Quad;

/**
 * A real file-size limit: a child JVM under {@code bash -c 'ulimit -f BLOCKS; exec java ...'} commits until a
 * store file would pass the limit (HotSpot ignores SIGXFSZ, so the write fails with EFBIG, "File too large"). The
 * child must get a clear IOException and keep exactly its acknowledged commits in memory; the parent then reopens
 * the store without the limit and must find exactly the acknowledged commits, a clean verify(), and room to commit.
 */
final class FileSizeLimit {

    /** Which file reaches the limit first. */
    enum Mode {
        /** The commit log (small logged commits reusing atoms). */
        LOG,
        /** A segment (checkpoints and compactions of ever more quads). */
        SEGMENT,
        /** The atom data file (large new literals), grown through StorageIo.extend. */
        ATOMS
    }

    /** 1 MiB in bash's 1024-byte blocks. */
    static final int LIMIT_BLOCKS = 1024;
    private static final String AGRONA_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    record Outcome(Mode mode, int acknowledged, String failure, boolean ok, String problem) {
        @Override
        public String toString() {
            return "ulimit -f " + LIMIT_BLOCKS + " (" + mode + "): " + acknowledged + " commits acknowledged, then "
                + failure + (ok ? "; reopened to exactly them" : "; PROBLEM: " + problem);
        }
    }

    private FileSizeLimit() {
    }

    static Outcome run(Path dir, Mode mode) throws IOException, InterruptedException {
        FaultRun.deleteTree(dir);
        Files.createDirectories(dir.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -f " + LIMIT_BLOCKS + " && exec '" + java + "' -ea " + AGRONA_FLAG
            + " -Xmx512m -cp '" + System.getProperty("java.class.path") + "' " + FileSizeLimitChild.class.getName()
            + " '" + dir + "' " + mode;
        Process child = new ProcessBuilder(List.of("/bin/bash", "-c", command)).redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        if (!child.waitFor(300, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            return new Outcome(mode, -1, "?", false, "the child did not finish");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        int acknowledged = 0;
        String failure = null;
        String problem = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("ACK ")) {
                acknowledged = Integer.parseInt(line.substring(4).trim());
            } else if (line.startsWith("FAILED ")) {
                failure = line.substring(7);
            } else if (line.startsWith("MEMORY WRONG") || line.startsWith("CLOSE FAILED")
                || line.startsWith("NO FAILURE")) {
                problem = line;
            }
        }
        List<String> problems = new java.util.ArrayList<>();
        if (problem != null) {
            problems.add(problem);
        }
        if (child.exitValue() != 0) {
            problems.add("child exit " + child.exitValue() + ": " + tail(output));
        } else if (failure == null) {
            problems.add("no failure reported: " + tail(output));
        } else if (!failure.contains("File too large")) {
            problems.add("the failure is not EFBIG: " + failure);
        } else if (!failure.contains(dir.toString())) {
            problems.add("the failure does not name the file: " + failure);
        }
        if (acknowledged == 0) {
            problems.add("the limit was reached before the first commit");
        } else if (child.exitValue() == 0) {
            String reopen = checkReopen(dir, mode, acknowledged);
            if (reopen != null) {
                problems.add(reopen);
            }
        }
        problem = problems.isEmpty() ? null : String.join("; ", problems);
        return new Outcome(mode, acknowledged, failure, problem == null, problem);
    }

    private static String checkReopen(Path dir, Mode mode, int acknowledged) {
        Set<Quad> expected = FileSizeLimitChild.stateAfter(mode, acknowledged);
        try (QuadStore store = QuadStore.open(dir, FileSizeLimitChild.options(mode))) {
            Set<Quad> found = FaultRun.readAll(store);
            if (!found.equals(expected)) {
                return "reopened to " + FaultRun.difference(found, expected) + " (commit " + acknowledged + ")";
            }
            store.verify();
            List<Quad> more = FileSizeLimitChild.quadsOf(mode, acknowledged + 1);
            try (var txn = store.beginWrite()) {
                for (Quad quad : more) {
                    txn.add(quad);
                }
                txn.commit();
            }
            if (store.stats().quads() != expected.size() + more.size()) {
                return "a commit after the reopen did not count";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "reopen failed: " + e;
        }
    }

    private static String tail(String output) {
        return output.length() > 2000 ? output.substring(output.length() - 2000) : output;
    }
}
