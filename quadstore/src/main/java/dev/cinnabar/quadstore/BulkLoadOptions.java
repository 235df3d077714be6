package dev.cinnabar.quadstore;

/**
 * How {@link QuadStore#bulkLoad} reads its input. Immutable; each {@code with} method returns a changed copy.
 */
public final class BulkLoadOptions {

    /** Lines longer than this are bad input. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /**
     * Terms longer than this are bad input: an IRI, a blank node label or a literal's lexical form, in bytes after
     * unescaping. A load also never accepts a term its store's atom store could not hold (its
     * {@code maxAtomBytes}, less room for the term's encoding).
     */
    public static final int DEFAULT_MAX_TERM_BYTES = 1 << 20;
    /**
     * Quads sorted and written per chunk, by default: a quarter of the heap at about 96 bytes per quad (two chunks
     * of rows, and the keys and radix scratch of two orders sorted at once), from 64Ki to 1Mi quads. Larger chunks
     * make the final merge cheaper, but cost more to allocate and leave a longer sort after the last line; in
     * measured loads 1Mi was faster than 4Mi (ADR-011).
     */
    public static final int DEFAULT_CHUNK_QUADS = (int) Math.max(1 << 16,
        Math.min(1 << 20, Runtime.getRuntime().maxMemory() / 4 / 96));
    /** Bad lines whose messages a skipping load keeps for its result. */
    public static final int DEFAULT_MAX_REPORTED_BAD_LINES = 100;

    /** Receives progress from the parsing thread, about every few thousand statements. */
    public interface Progress {
        void update(long bytesRead, long bytesTotal, long statements);
    }

    private final boolean skipBadLines;
    private final int maxLineBytes;
    private final int maxTermBytes;
    private final int chunkQuads;
    private final int maxReportedBadLines;
    private final Progress progress;

    private BulkLoadOptions(boolean skipBadLines, int maxLineBytes, int maxTermBytes, int chunkQuads,
        int maxReportedBadLines, Progress progress) {
        this.skipBadLines = skipBadLines;
        this.maxLineBytes = maxLineBytes;
        this.maxTermBytes = maxTermBytes;
        this.chunkQuads = chunkQuads;
        this.maxReportedBadLines = maxReportedBadLines;
        this.progress = progress;
    }

    /** Strict: the first bad line aborts the load, and the store stays as it was. */
    public static BulkLoadOptions defaults() {
        return new BulkLoadOptions(false, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_TERM_BYTES, DEFAULT_CHUNK_QUADS,
            DEFAULT_MAX_REPORTED_BAD_LINES, null);
    }

    /** Skip bad lines (counted and reported with their file and line) instead of aborting. */
    public BulkLoadOptions withSkipBadLines(boolean skip) {
        return new BulkLoadOptions(skip, maxLineBytes, maxTermBytes, chunkQuads, maxReportedBadLines, progress);
    }

    public BulkLoadOptions withMaxLineBytes(int bytes) {
        if (bytes < 64) {
            throw new IllegalArgumentException("max line bytes must be at least 64, not " + bytes);
        }
        return new BulkLoadOptions(skipBadLines, bytes, maxTermBytes, chunkQuads, maxReportedBadLines, progress);
    }

    /** The longest term accepted, in bytes (see {@link #DEFAULT_MAX_TERM_BYTES}); a longer one is a bad line. */
    public BulkLoadOptions withMaxTermBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("max term bytes must be at least 1, not " + bytes);
        }
        return new BulkLoadOptions(skipBadLines, maxLineBytes, bytes, chunkQuads, maxReportedBadLines, progress);
    }

    public BulkLoadOptions withChunkQuads(int quads) {
        if (quads < 1) {
            throw new IllegalArgumentException("chunk quads must be positive, not " + quads);
        }
        return new BulkLoadOptions(skipBadLines, maxLineBytes, maxTermBytes, quads, maxReportedBadLines, progress);
    }

    public BulkLoadOptions withMaxReportedBadLines(int lines) {
        return new BulkLoadOptions(skipBadLines, maxLineBytes, maxTermBytes, chunkQuads, Math.max(0, lines), progress);
    }

    public BulkLoadOptions withProgress(Progress listener) {
        return new BulkLoadOptions(skipBadLines, maxLineBytes, maxTermBytes, chunkQuads, maxReportedBadLines, listener);
    }

    public boolean skipBadLines() {
        return skipBadLines;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public int maxTermBytes() {
        return maxTermBytes;
    }

    public int chunkQuads() {
        return chunkQuads;
    }

    public int maxReportedBadLines() {
        return maxReportedBadLines;
    }

    public Progress progress() {
        return progress;
    }
}
