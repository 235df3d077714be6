package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link StorageIo} that passes every call to a delegate; subclasses override the calls they watch or fail.
 *
 * <p>Test and torture layers (call recorders, fault injectors, crash models) extend this class, so that a method
 * added to {@link StorageIo} needs a forwarding implementation here only, and each layer states just what it changes.
 */
public abstract class ForwardingStorageIo implements StorageIo {

    /** The layer every call not overridden goes to. */
    protected final StorageIo delegate;

    /** Passes every call to {@code delegate}. */
    protected ForwardingStorageIo(StorageIo delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        return delegate.open(file, create);
    }

    @Override
    public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        delegate.extend(channel, file, fromLength, toLength, allocate);
    }

    @Override
    public MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException {
        return delegate.map(channel, file, position, size);
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        delegate.force(mapping, file, index, length);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        delegate.force(channel, file);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        delegate.writeAndForce(file, content);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        delegate.rename(source, target);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        delegate.forceDirectory(directory);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        delegate.deleteIfExists(file);
    }

    @Override
    public byte[] readAllBytes(Path file) throws IOException {
        return delegate.readAllBytes(file);
    }

    @Override
    public FileChannel openForRead(Path file) throws IOException {
        return delegate.openForRead(file);
    }

    @Override
    public void readFully(FileChannel channel, Path file, ByteBuffer target, long position) throws IOException {
        delegate.readFully(channel, file, target, position);
    }

    @Override
    public MappedByteBuffer mapReadOnly(FileChannel channel, Path file, long position, long size) throws IOException {
        return delegate.mapReadOnly(channel, file, position, size);
    }
}
