package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The one I/O layer through which a store creates, grows, maps, forces, renames and deletes its files.
 *
 * <p>Every durability-relevant call of the storage layer goes through an instance of this interface, and so does
 * every read of a store file, so that tests can record the order of writes, forces and renames, or make any single
 * call fail (disk full, file too large, failed fsync, failed read) and check that the store stays at its last
 * commit. Production code uses {@link #system()}.
 *
 * <p>Every method names the file it acts on, so that an implementation can put the path into its error message.
 */
public interface StorageIo {

    /** The real file system. */
    static StorageIo system() {
        return SystemStorageIo.INSTANCE;
    }

    /** Opens {@code file} for reading and writing, creating it (empty) if {@code create} is set. */
    FileChannel open(Path file, boolean create) throws IOException;

    /**
     * Grows {@code file} from {@code fromLength} to {@code toLength} bytes. With {@code allocate} the new range is
     * written with zeros, so that a full disk fails here with an {@link IOException} and never later as a fault on
     * a mapped page; without it the file is extended sparsely.
     */
    void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate) throws IOException;

    /** Maps {@code size} bytes of {@code file} from {@code position}, read-write. The range lies inside the file. */
    MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException;

    /** Forces {@code length} bytes of a mapping of {@code file} from {@code index} to the storage device. */
    void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException;

    /** Forces the content and metadata (length included) of {@code file} to the storage device. */
    void force(FileChannel channel, Path file) throws IOException;

    /** Writes all of {@code content} to a new or emptied {@code file}, forces it, and closes it. */
    void writeAndForce(Path file, ByteBuffer content) throws IOException;

    /** Atomically renames {@code source} to {@code target}, replacing {@code target} if it exists. */
    void rename(Path source, Path target) throws IOException;

    /** Forces the directory entries of {@code directory}, making earlier renames and creations in it durable. */
    void forceDirectory(Path directory) throws IOException;

    /** Deletes {@code file} if it exists (a directory only if empty). */
    void deleteIfExists(Path file) throws IOException;

    /** Reads the whole of {@code file}. */
    byte[] readAllBytes(Path file) throws IOException;

    /** Opens {@code file}, which must exist, for reading only. */
    FileChannel openForRead(Path file) throws IOException;

    /**
     * Reads {@code target.remaining()} bytes of {@code file} from {@code position} into {@code target}; a file that
     * ends first is an {@link java.io.EOFException} naming it.
     */
    void readFully(FileChannel channel, Path file, ByteBuffer target, long position) throws IOException;

    /** Maps {@code size} bytes of {@code file} from {@code position}, read-only. The range lies inside the file. */
    MappedByteBuffer mapReadOnly(FileChannel channel, Path file, long position, long size) throws IOException;
}
