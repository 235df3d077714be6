package dev.cinnabar.quadstore;

import java.util.List;

/**
 * What a {@link QuadStore#bulkLoad} did.
 *
 * @param files          input files read
 * @param statements     statements parsed (duplicates included, bad lines not)
 * @param quadsAdded     quads the store did not hold before (duplicates and present quads are stored once)
 * @param badLines       lines skipped as bad input (skip mode only)
 * @param badLineReports the first bad lines' messages, each naming file, line and column
 * @param atomsAdded     terms interned that the store did not hold before
 * @param bytesRead      input bytes read (compressed bytes for .gz files)
 * @param seconds        wall time from the first byte read to the durable commit
 */
public record BulkLoadResult(int files, long statements, long quadsAdded, long badLines, List<String> badLineReports,
    long atomsAdded, long bytesRead, double seconds) {

    public BulkLoadResult {
        badLineReports = List.copyOf(badLineReports);
    }

    /** Statements per second over the whole load. */
    public double statementsPerSecond() {
        return seconds <= 0 ? 0 : statements / seconds;
    }
}
