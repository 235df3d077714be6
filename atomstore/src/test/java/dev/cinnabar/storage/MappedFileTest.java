package dev.cinnabar.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void valuesBeyondFourGibOfASparseFileRoundTripAcrossReopen() throws IOException {
        Path path = dir.resolve("sparse");
        long[] positions = {0, 2 * GIB - 8, 2 * GIB, 4 * GIB - 8, 4 * GIB, 4 * GIB + 4096, 5 * GIB - 8};
        try (MappedFile file = MappedFile.open(StorageIo.system(), path, 1 << 30, 0, false)) {
            file.growTo(5 * GIB); // sparse: only the pages written below take space
            assertEquals(5 * GIB, file.length());
            for (long position : positions) {
                file.putLong(position, ~position);
            }
            file.putLongRelease(4 * GIB + 64, 42);
            file.force(4 * GIB, 4 * GIB + 128);
        }
        assertEquals(5 * GIB, Files.size(path));
        try (MappedFile file = MappedFile.open(StorageIo.system(), path, 1 << 30, 0, false)) {
            for (long position : positions) {
                assertEquals(~position, file.getLong(position), "at " + position);
            }
            assertEquals(42, file.getLongAcquire(4 * GIB + 64));
            assertEquals(0, file.getLong(3 * GIB));
        } finally {
            Files.delete(path);
        }
    }

    @Test
    void growthRemapsThePartialLastChunkAndKeepsEveryValue() throws IOException {
        int chunk = 1 << 12;
        try (MappedFile file = MappedFile.open(StorageIo.system(), dir.resolve("f"), chunk, 100, true)) {
            long length = 100;
            long written = 0; // values p * 3 stand at every multiple of 8 below this
            for (int round = 0; round < 40; round++) {
                for (long p = 0; p < written; p += 8) {
                    assertEquals(p * 3, file.getLong(p), "round " + round + " position " + p);
                }
                for (long p = written; p + 8 <= length; p += 8) {
                    file.putLong(p, p * 3);
                    written = p + 8;
                }
                long newLength = length + 1000 + round * 337L;
                file.growTo(newLength);
                assertEquals(newLength, file.length());
                assertEquals(newLength, Files.size(dir.resolve("f")), "a mapping never exceeds its file");
                length = newLength;
            }
            assertTrue(length > 10L * chunk);
        }
    }

    @Test
    void aFailedGrowthKeepsTheMappingsAndALaterGrowthWorks() throws IOException {
        StorageIo failingMap = new ForwardingStorageIo(StorageIo.system()) {
            boolean fail = true;

            @Override public MappedByteBuffer map(FileChannel channel, Path file, long position, long size)
                throws IOException {
                if (fail && position > 0) {
                    fail = false;
                    throw new IOException("Map failed: Cannot allocate memory");
                }
                return delegate.map(channel, file, position, size);
            }
        };
        try (MappedFile file = MappedFile.open(failingMap, dir.resolve("f"), 1 << 12, 4096, true)) {
            file.putLong(4088, 7);
            assertThrows(IOException.class, () -> file.growTo(3 * 4096));
            assertEquals(4096, file.length());
            assertEquals(7, file.getLong(4088));
            file.growTo(3 * 4096);
            assertEquals(7, file.getLong(4088));
            file.putLong(3 * 4096 - 8, 9);
            assertEquals(9, file.getLong(3 * 4096 - 8));
        }
    }

    /** Counts fsyncs of a file's channel: what makes a file's length durable. */
    private static final class ChannelForceCounter extends ForwardingStorageIo {
        int channelForces;

        ChannelForceCounter() {
            super(StorageIo.system());
        }

        @Override public void force(FileChannel channel, Path file) throws IOException {
            channelForces++;
            delegate.force(channel, file);
        }
    }

    @Test
    void aFileReopenedAfterAnExtensionThatWasNeverForcedForcesItsLengthAtTheFirstForceLength() throws IOException {
        ChannelForceCounter io = new ChannelForceCounter();
        Path path = dir.resolve("f");
        try (MappedFile file = MappedFile.open(io, path, 1 << 12, 4096, true)) {
            file.forceLength();
            file.extendAhead(4 * 4096); // longer on disk, but the length was never forced before the close
        }
        int before = io.channelForces;
        try (MappedFile file = MappedFile.open(io, path, 1 << 12, 0, true)) {
            assertEquals(4 * 4096, file.length(), "the reopened file maps all of its length");
            file.forceLength();
            assertEquals(before + 1, io.channelForces, "a length found on open is not known to be durable");
            file.forceLength();
            assertEquals(before + 1, io.channelForces, "once forced, it is not forced again");
        }
    }

    @Test
    void anExtensionAheadIsForcedByTheNextForceLength() throws IOException {
        ChannelForceCounter io = new ChannelForceCounter();
        try (MappedFile file = MappedFile.open(io, dir.resolve("f"), 1 << 12, 4096, true)) {
            file.forceLength();
            int before = io.channelForces;
            file.extendAhead(4 * 4096);
            assertEquals(4096, file.length(), "extending ahead maps nothing");
            file.forceLength();
            assertEquals(before + 1, io.channelForces);
        }
    }
}
