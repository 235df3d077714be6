package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * A {@link StorageIo} that delegates to {@link StorageIo#system()} and records every call; while a listener is set
 * it is told before and after each call (crash tests copy the store directory there). It can also fail one chosen
 * call with an {@link IOException} instead of making it.
 */
final class CrashRecordingStorageIo extends ForwardingStorageIo {

    /** One call: its operation, the file it acts on (and the rename target), and whether it has been made. */
    record Call(int sequence, String op, Path file, Path target, boolean after) {
        String fileName() {
            return file == null ? "-" : String.valueOf(file.getFileName());
        }

        @Override
        public String toString() {
            return sequence + ":" + (after ? "after-" : "before-") + op + "(" + fileName()
                + (target == null ? "" : "->" + target.getFileName()) + ")";
        }
    }

    /** Told of every call before and after it is made. */
    interface Listener {
        void on(Call call) throws IOException;
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile Listener listener;
    private volatile Predicate<Call> failOnce;
    private int sequence;

    CrashRecordingStorageIo() {
        super(StorageIo.system());
    }

    void listen(Listener newListener) {
        this.listener = newListener;
    }

    void stopListening() {
        this.listener = null;
    }

    /** The next call (before it is made) that matches {@code which} throws an IOException instead. */
    void failOnce(Predicate<Call> which) {
        this.failOnce = which;
    }

    /** Every call made or attempted so far, as "before" records. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clearCalls() {
        calls.clear();
    }

    private synchronized Call before(String op, Path file, Path target) throws IOException {
        Call call = new Call(++sequence, op, file, target, false);
        calls.add(call);
        Predicate<Call> fail = failOnce;
        if (fail != null && fail.test(call)) {
            failOnce = null;
            throw new IOException("injected failure of " + call);
        }
        Listener l = listener;
        if (l != null) {
            l.on(call);
        }
        return call;
    }

    private void after(Call call) throws IOException {
        Listener l = listener;
        if (l != null) {
            l.on(new Call(call.sequence(), call.op(), call.file(), call.target(), true));
        }
    }

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        Call call = before("open", file, null);
        FileChannel channel = delegate.open(file, create);
        after(call);
        return channel;
    }

    @Override
    public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        Call call = before("extend", file, null);
        delegate.extend(channel, file, fromLength, toLength, allocate);
        after(call);
    }

    @Override
    public MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException {
        Call call = before("map", file, null);
        MappedByteBuffer mapping = delegate.map(channel, file, position, size);
        after(call);
        return mapping;
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        Call call = before("forceMapping", file, null);
        delegate.force(mapping, file, index, length);
        after(call);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        Call call = before("forceFile", file, null);
        delegate.force(channel, file);
        after(call);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        Call call = before("writeAndForce", file, null);
        delegate.writeAndForce(file, content);
        after(call);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        Call call = before("rename", source, target);
        delegate.rename(source, target);
        after(call);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        Call call = before("forceDirectory", directory, null);
        delegate.forceDirectory(directory);
        after(call);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        Call call = before("deleteIfExists", file, null);
        delegate.deleteIfExists(file);
        after(call);
    }

    // Reads change nothing on disk: passed through (inherited), neither recorded nor shown to the listener.
}
