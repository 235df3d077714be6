package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/** The real file system, except that an armed operation kind fails with an IOException like the OS would give. */
final class FaultInjectingStorageIo extends ForwardingStorageIo {

    enum Operation {
        OPEN, EXTEND, MAP, FORCE_MAPPED, FORCE_FILE, WRITE_AND_FORCE, RENAME, FORCE_DIRECTORY, DELETE,
        READ_ALL, OPEN_FOR_READ, READ, MAP_READ_ONLY
    }

    private volatile Operation armed;
    private volatile String message = "No space left on device";
    final AtomicInteger failures = new AtomicInteger();

    FaultInjectingStorageIo() {
        super(StorageIo.system());
    }

    void arm(Operation operation, String osMessage) {
        this.message = osMessage;
        this.armed = operation;
    }

    void disarm() {
        armed = null;
    }

    private void maybeFail(Operation operation, Path file) throws IOException {
        if (armed == operation) {
            failures.incrementAndGet();
            throw new IOException(file + ": " + message);
        }
    }

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        maybeFail(Operation.OPEN, file);
        return delegate.open(file, create);
    }

    @Override
    public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        maybeFail(Operation.EXTEND, file);
        delegate.extend(channel, file, fromLength, toLength, allocate);
    }

    @Override
    public MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException {
        maybeFail(Operation.MAP, file);
        return delegate.map(channel, file, position, size);
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        maybeFail(Operation.FORCE_MAPPED, file);
        delegate.force(mapping, file, index, length);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        maybeFail(Operation.FORCE_FILE, file);
        delegate.force(channel, file);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        maybeFail(Operation.WRITE_AND_FORCE, file);
        delegate.writeAndForce(file, content);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        maybeFail(Operation.RENAME, source);
        delegate.rename(source, target);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        maybeFail(Operation.FORCE_DIRECTORY, directory);
        delegate.forceDirectory(directory);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        maybeFail(Operation.DELETE, file);
        delegate.deleteIfExists(file);
    }

    @Override
    public byte[] readAllBytes(Path file) throws IOException {
        maybeFail(Operation.READ_ALL, file);
        return delegate.readAllBytes(file);
    }

    @Override
    public FileChannel openForRead(Path file) throws IOException {
        maybeFail(Operation.OPEN_FOR_READ, file);
        return delegate.openForRead(file);
    }

    @Override
    public void readFully(FileChannel channel, Path file, ByteBuffer target, long position) throws IOException {
        maybeFail(Operation.READ, file);
        delegate.readFully(channel, file, target, position);
    }

    @Override
    public MappedByteBuffer mapReadOnly(FileChannel channel, Path file, long position, long size) throws IOException {
        maybeFail(Operation.MAP_READ_ONLY, file);
        return delegate.mapReadOnly(channel, file, position, size);
    }
}
