package dev.cinnabar.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read calls of the real file system: their results, and errors that name the file. */
class SystemStorageIoReadTest {

    @TempDir
    Path dir;

    private final StorageIo io = StorageIo.system();

    @Test
    void readFullyReadsTheRangeAndMapReadOnlyMapsIt() throws IOException {
        Path file = dir.resolve("f");
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        try (FileChannel channel = io.openForRead(file)) {
            ByteBuffer target = ByteBuffer.allocate(3);
            io.readFully(channel, file, target, 2);
            assertArrayEquals(new byte[] {3, 4, 5}, target.array());
            MappedByteBuffer mapping = io.mapReadOnly(channel, file, 1, 2);
            assertTrue(mapping.isReadOnly());
            assertEquals(2, mapping.get(0));
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, io.readAllBytes(file));
    }

    @Test
    void readFullyPastTheEndIsAnEofExceptionNamingTheFile() throws IOException {
        Path file = dir.resolve("short");
        Files.write(file, new byte[4]);
        try (FileChannel channel = io.openForRead(file)) {
            EOFException e = assertThrows(EOFException.class,
                () -> io.readFully(channel, file, ByteBuffer.allocate(8), 0));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsANoSuchFileExceptionNamingIt() {
        Path missing = dir.resolve("missing");
        assertEquals(missing.toString(),
            assertThrows(NoSuchFileException.class, () -> io.readAllBytes(missing)).getMessage());
        assertEquals(missing.toString(),
            assertThrows(NoSuchFileException.class, () -> io.openForRead(missing)).getMessage());
    }
}
