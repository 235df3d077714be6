package dev.cinnabar.torture.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real {@code ulimit -f} in a child JVM: whichever file reaches the limit (the commit log, a segment, the atom
 * data), the child gets a clear IOException naming the file and keeps its acknowledged commits in memory, and a
 * reopen without the limit finds exactly those commits and commits again.
 */
class FileSizeLimitTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(FileSizeLimit.Mode.class)
    void aFileReachingTheSizeLimitFailsClearlyAndKeepsExactlyTheAcknowledgedCommits(FileSizeLimit.Mode mode)
        throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs /bin/bash for ulimit");
        FileSizeLimit.Outcome outcome = FileSizeLimit.run(tmp.resolve("store"), mode);
        System.out.println(outcome);
        assertTrue(outcome.ok(), outcome.toString());
    }
}
