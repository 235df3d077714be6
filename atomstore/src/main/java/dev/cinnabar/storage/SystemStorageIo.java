package dev.cinnabar.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** {@link StorageIo} on the real file system. */
final class SystemStorageIo implements StorageIo {

    static final SystemStorageIo INSTANCE = new SystemStorageIo();

    /** Zeros are written in blocks of this size when a file is grown with allocation. */
    private static final int ZERO_BLOCK_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_BLOCK_BYTES).asReadOnlyBuffer();

    private SystemStorageIo() {
    }

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        return create
            ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        if (toLength <= fromLength) {
            return;
        }
        try {
            if (allocate) {
                long position = fromLength;
                while (position < toLength) {
                    ByteBuffer block = ZEROS.duplicate();
                    block.limit((int) Math.min(ZERO_BLOCK_BYTES, toLength - position));
                    while (block.hasRemaining()) {
                        position += channel.write(block, position);
                    }
                }
            } else {
                channel.write(ByteBuffer.wrap(new byte[1]), toLength - 1);
            }
        } catch (IOException e) {
            throw new IOException("cannot grow " + file + " from " + fromLength + " to " + toLength
                + " bytes (disk full or file size limit?): " + e.getMessage(), e);
        }
    }

    @Override
    public MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException {
        try {
            return channel.map(FileChannel.MapMode.READ_WRITE, position, size);
        } catch (IOException e) {
            throw new IOException("cannot map " + size + " bytes of " + file + " at " + position + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        try {
            mapping.force(index, length);
        } catch (UncheckedIOException e) {
            throw new IOException("cannot force " + file + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        channel.force(true);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public byte[] readAllBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (FileSystemException e) {
            throw e; // names the file already, and callers tell NoSuchFileException apart
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public FileChannel openForRead(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void readFully(FileChannel channel, Path file, ByteBuffer target, long position) throws IOException {
        long at = position;
        try {
            while (target.hasRemaining()) {
                int read = channel.read(target, at);
                if (read < 0) {
                    throw new EOFException(file + ": unexpected end of file at " + at);
                }
                at += read;
            }
        } catch (EOFException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " at " + at + ": " + e.getMessage(), e);
        }
    }

    @Override
    public MappedByteBuffer mapReadOnly(FileChannel channel, Path file, long position, long size) throws IOException {
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, position, size);
        } catch (IOException e) {
            throw new IOException("cannot map " + size + " bytes of " + file + " at " + position + " read-only: "
                + e.getMessage(), e);
        }
    }
}
