package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.cinnabar.quadstore.index.EntryCursor;
import dev.cinnabar.quadstore.index.IndexOrder;
import dev.cinnabar.quadstore.index.Segment;
import dev.cinnabar.quadstore.index.SegmentWriter;
import dev.cinnabar.storage.NotDurableException;
import dev.cinnabar.storage.StorageIo;

/**
 * A quad store's files: segment names and numbers, writing a new segment, saving the manifest, and deleting files no
 * manifest names. It also keeps the one state that decides whether deleting is safe: a manifest left undecided by a
 * failed directory force.
 */
final class StoreFiles {

    static final String SEGMENT_PREFIX = "quads-";
    static final String SEGMENT_SUFFIX = ".seg";

    /** Where a new segment's entries come from: a sorted cursor per order. */
    interface SegmentSource {
        EntryCursor cursor(IndexOrder order);
    }

    private final Path directory;
    private final StorageIo io;
    private final int blockBytes;
    private final Path manifestPath;
    private final AtomicLong nextSegmentNumber = new AtomicLong();
    /**
     * Set when a manifest was renamed into place, its directory force failed and the old one could not be put back:
     * the durable state is then the old or the new manifest, so nothing either names may be deleted, and writes are
     * refused until the store is reopened (recovery then settles on whichever manifest survived).
     */
    private volatile IOException undecidedManifest;

    StoreFiles(Path directory, StorageIo io, int blockBytes) {
        this.directory = directory;
        this.io = io;
        this.blockBytes = blockBytes;
        this.manifestPath = directory.resolve(StoreManifest.FILE_NAME);
    }

    Path directory() {
        return directory;
    }

    StorageIo io() {
        return io;
    }

    Path manifestPath() {
        return manifestPath;
    }

    Path segmentPath(long number) {
        return NumberedFiles.path(directory, SEGMENT_PREFIX, number, SEGMENT_SUFFIX);
    }

    static long segmentNumberOf(Path file) {
        return NumberedFiles.numberOf(file, SEGMENT_PREFIX, SEGMENT_SUFFIX);
    }

    /** The numbers of {@code segments}, in order, as a manifest lists them. */
    static long[] numbers(List<Segment> segments) {
        long[] numbers = new long[segments.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = segmentNumberOf(segments.get(i).file());
        }
        return numbers;
    }

    /** Every segment file in the directory, named by a manifest or not. */
    List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (var stream = Files.newDirectoryStream(directory, SEGMENT_PREFIX + "*" + SEGMENT_SUFFIX)) {
                for (Path file : stream) {
                    if (segmentNumberOf(file) >= 0) {
                        files.add(file);
                    }
                }
            }
        }
        return files;
    }

    /** The number the next new segment gets (a manifest records it, so that numbers are never reused). */
    long nextSegmentNumber() {
        return nextSegmentNumber.get();
    }

    void startSegmentNumbersAt(long number) {
        nextSegmentNumber.set(number);
    }

    /** A new, unused segment file name. Any thread. */
    Path newSegmentPath() {
        return segmentPath(nextSegmentNumber.getAndIncrement());
    }

    /** Writes every order of {@code source} as a forced segment file and opens it. Any thread. */
    Segment writeSegment(SegmentSource source) throws IOException {
        Path file = newSegmentPath();
        boolean done = false;
        try (SegmentWriter writer = SegmentWriter.create(io, file, blockBytes)) {
            for (IndexOrder order : IndexOrder.values()) {
                writer.beginOrder(order);
                EntryCursor entries = source.cursor(order);
                while (entries.next()) {
                    writer.append(entries.key(0), entries.key(1), entries.key(2), entries.key(3),
                        entries.tombstone());
                }
                writer.endOrder();
            }
            writer.finish();
            Segment segment = Segment.open(io, file);
            done = true;
            return segment;
        } finally {
            if (!done) {
                deleteQuietly(file);
            }
        }
    }

    /** A segment writer for a file of {@link #newSegmentPath()} (compaction writes orders itself). */
    SegmentWriter createSegment(Path file) throws IOException {
        return SegmentWriter.create(io, file, blockBytes);
    }

    /**
     * Saves {@code saved} over {@code durable} as {@code quads.manifest}. If it was renamed into place but the
     * directory force failed, {@code durable} is saved back, so that disk and memory agree on the last commit again;
     * if that fails too, every file either manifest names is kept and writes are refused until reopened.
     */
    void saveManifest(StoreManifest saved, StoreManifest durable) throws IOException {
        try {
            saved.save(io, manifestPath);
        } catch (NotDurableException e) {
            try {
                durable.save(io, manifestPath);
            } catch (IOException restore) {
                e.addSuppressed(restore);
                undecidedManifest = e;
            }
            throw e;
        }
    }

    /** Whether writes are refused: see {@link #saveManifest}. */
    void checkWritable() {
        IOException undecided = undecidedManifest;
        if (undecided != null) {
            throw new IllegalStateException("quad store " + directory + " refuses writes until it is reopened: after "
                + "a failed directory force its manifest may be the old or the new one (" + undecided.getMessage()
                + ")", undecided);
        }
    }

    boolean manifestUndecided() {
        return undecidedManifest != null;
    }

    /** Deletes a file the current manifest does not name, unless a failed save left the manifest undecided. */
    void deleteUnlessNamed(Path file) {
        if (undecidedManifest == null) {
            deleteQuietly(file);
        }
    }

    void deleteQuietly(Path file) {
        try {
            io.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover file no manifest names is deleted by the next open.
        }
    }

    /** Closes and deletes a segment no manifest names. */
    void discard(Segment segment) {
        segment.close();
        deleteUnlessNamed(segment.file());
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing refers to it any more
        }
    }
}
