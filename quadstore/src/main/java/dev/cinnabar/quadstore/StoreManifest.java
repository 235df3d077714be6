package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DurableFile;
import dev.cinnabar.storage.StorageIo;

/**
 * The committed layout of a quad store as an immutable value: which segments hold its quads (oldest first), from
 * which commit log file to replay, and the counters as of that checkpoint. Changed only by building a new value,
 * saving it ({@link DurableFile#replace}) and then publishing it, so a failed save changes nothing.
 *
 * <p>On disk ({@code quads.manifest}), little-endian: magic, version, the fields below, the segment numbers, the
 * metadata entries (count, then per entry key length, key, value length, value, in UTF-8), the statistics
 * ({@link StoreStatistics#encode}, from format version 3 on), and a CRC-32C of everything before it.
 *
 * @param generation      how many manifests this store has saved
 * @param checkpointSeq   the last commit whose quads are all in {@code segments}; the log holds later ones
 * @param quadCount       quads in the store as of {@code checkpointSeq}
 * @param atomCount       atoms committed when this manifest was saved (never more than the atom store holds)
 * @param defaultGraphId  the atom id of the default graph
 * @param logStart        the first commit log file that recovery replays
 * @param nextLogNumber   the number the next new log file gets
 * @param nextSegmentNumber the number the next new segment gets
 * @param segments        segment numbers, oldest first (a newer segment's entries override an older one's)
 * @param acknowledgedSeq the last commit known to be acknowledged when this manifest was saved: recovery that ends
 *                        before it has lost a committed record (a damaged or missing log), and says so
 * @param metadata        the store's metadata as of {@code checkpointSeq} (unmodifiable, sorted by key)
 * @param statistics      the statistics as of {@code checkpointSeq}; null in a manifest of format version 2, which
 *                        had none (recovery then counts them from the segments)
 */
record StoreManifest(
    long generation,
    long checkpointSeq,
    long quadCount,
    long atomCount,
    long defaultGraphId,
    long logStart,
    long nextLogNumber,
    long nextSegmentNumber,
    long[] segments,
    long acknowledgedSeq,
    SortedMap<String, String> metadata,
    StoreStatistics statistics) {

    static final String FILE_NAME = "quads.manifest";
    private static final long MAGIC = 0x3146534d5144524eL; // "NRDQMSF1" little-endian
    private static final int FORMAT_VERSION = 3;
    /** The last version without statistics, still read. */
    private static final int FORMAT_VERSION_WITHOUT_STATISTICS = 2;
    /** Magic, version, segment count, nine longs, metadata entry count, CRC. */
    private static final int FIXED_BYTES = 8 + 4 + 4 + 9 * 8 + 4 + 4;
    private static final int MAX_SEGMENTS = 1 << 20;

    StoreManifest {
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    static StoreManifest empty(long defaultGraphId, long atomCount) {
        return new StoreManifest(0, 0, 0, atomCount, defaultGraphId, 1, 1, 1, new long[0], 0, new TreeMap<>(),
            StoreStatistics.EMPTY);
    }

    StoreManifest withCheckpoint(long newCheckpointSeq, long newQuadCount, long newAtomCount, long newLogStart,
        long newNextLogNumber, long newNextSegmentNumber, long[] newSegments, SortedMap<String, String> newMetadata,
        StoreStatistics newStatistics) {
        return new StoreManifest(generation + 1, newCheckpointSeq, newQuadCount, newAtomCount, defaultGraphId,
            newLogStart, newNextLogNumber, newNextSegmentNumber, newSegments.clone(),
            Math.max(acknowledgedSeq, newCheckpointSeq), newMetadata, newStatistics);
    }

    StoreManifest withSegments(long[] newSegments, long newNextSegmentNumber, long newAcknowledgedSeq) {
        return new StoreManifest(generation + 1, checkpointSeq, quadCount, atomCount, defaultGraphId, logStart,
            nextLogNumber, newNextSegmentNumber, newSegments.clone(), Math.max(acknowledgedSeq, newAcknowledgedSeq),
            metadata, statistics);
    }

    /** This manifest, also recording commits up to {@code newAcknowledgedSeq}, log files below {@code newNextLog}. */
    StoreManifest withAcknowledged(long newAcknowledgedSeq, long newNextLog) {
        return new StoreManifest(generation + 1, checkpointSeq, quadCount, atomCount, defaultGraphId, logStart,
            Math.max(nextLogNumber, newNextLog), nextSegmentNumber, segments.clone(),
            Math.max(acknowledgedSeq, newAcknowledgedSeq), metadata, statistics);
    }

    /**
     * This manifest (same generation) with the statistics recovery counted for a manifest of format version 2:
     * derived from the segments it names, so nothing new needs saving until the next change.
     */
    StoreManifest withCountedStatistics(StoreStatistics counted) {
        return new StoreManifest(generation, checkpointSeq, quadCount, atomCount, defaultGraphId, logStart,
            nextLogNumber, nextSegmentNumber, segments, acknowledgedSeq, metadata, counted);
    }

    @Override
    public long[] segments() {
        return segments.clone();
    }

    ByteBuffer encode() {
        if (statistics == null) {
            throw new IllegalStateException("a manifest without statistics is only read, never written");
        }
        int metadataBytes = statistics.encodedBytes();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            metadataBytes += 8 + utf8(entry.getKey()).length + utf8(entry.getValue()).length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(FIXED_BYTES + 8 * segments.length + metadataBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(segments.length)
            .putLong(generation).putLong(checkpointSeq).putLong(quadCount).putLong(atomCount)
            .putLong(defaultGraphId).putLong(logStart).putLong(nextLogNumber).putLong(nextSegmentNumber)
            .putLong(acknowledgedSeq);
        for (long segment : segments) {
            buffer.putLong(segment);
        }
        buffer.putInt(metadata.size());
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            byte[] key = utf8(entry.getKey());
            byte[] value = utf8(entry.getValue());
            buffer.putInt(key.length).put(key).putInt(value.length).put(value);
        }
        statistics.encode(buffer);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    void save(StorageIo io, Path file) throws IOException {
        DurableFile.replace(io, file, encode());
    }

    static StoreManifest read(StorageIo io, Path file) throws IOException {
        byte[] bytes = io.readAllBytes(file);
        if (bytes.length < FIXED_BYTES) {
            throw new CorruptStoreException(file + ": " + bytes.length + " bytes, shorter than a manifest");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getLong(0) != MAGIC) {
            throw new CorruptStoreException(file + ": not a Cinnabar quad store manifest (bad magic)");
        }
        int version = buffer.getInt(8);
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_WITHOUT_STATISTICS) {
            throw new CorruptStoreException(file + ": manifest format version " + version + ", this build reads "
                + FORMAT_VERSION_WITHOUT_STATISTICS + " and " + FORMAT_VERSION);
        }
        int count = buffer.getInt(12);
        if (count < 0 || count > MAX_SEGMENTS || bytes.length < FIXED_BYTES + 8L * count) {
            throw new CorruptStoreException(file + ": length " + bytes.length + " is too short for " + count
                + " segments");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - 4)) {
            throw new CorruptStoreException(file + ": checksum mismatch");
        }
        buffer.position(16);
        long generation = buffer.getLong();
        long checkpointSeq = buffer.getLong();
        long quadCount = buffer.getLong();
        long atomCount = buffer.getLong();
        long defaultGraphId = buffer.getLong();
        long logStart = buffer.getLong();
        long nextLogNumber = buffer.getLong();
        long nextSegmentNumber = buffer.getLong();
        long acknowledgedSeq = buffer.getLong();
        long[] segments = new long[count];
        for (int i = 0; i < count; i++) {
            segments[i] = buffer.getLong();
        }
        buffer.limit(bytes.length - 4);
        SortedMap<String, String> metadata = new TreeMap<>();
        int entries = buffer.getInt();
        for (int i = 0; i < entries; i++) {
            String key = readUtf8(buffer, file);
            metadata.put(key, readUtf8(buffer, file));
        }
        StoreStatistics statistics = null;
        if (entries >= 0 && version >= FORMAT_VERSION) {
            statistics = StoreStatistics.decode(buffer, file);
        }
        if (entries < 0 || buffer.hasRemaining()) {
            throw new CorruptStoreException(file + ": length " + bytes.length + " does not match " + count
                + " segments, " + entries + " metadata entries" + (statistics == null ? "" : " and the statistics"));
        }
        return new StoreManifest(generation, checkpointSeq, quadCount, atomCount, defaultGraphId, logStart,
            nextLogNumber, nextSegmentNumber, segments, acknowledgedSeq, metadata, statistics);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String readUtf8(ByteBuffer buffer, Path file) throws CorruptStoreException {
        int length = buffer.remaining() >= 4 ? buffer.getInt() : -1;
        if (length < 0 || length > buffer.remaining()) {
            throw new CorruptStoreException(file + ": a metadata entry runs past the end of the manifest");
        }
        String text = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return text;
    }
}
