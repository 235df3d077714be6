package dev.cinnabar.quadstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * The real file system, calling a hook before and after every durability-relevant call (force, rename, directory
 * force, write-and-force, delete), so a test can copy the store's files at each of those instants: every state a
 * process crash could leave.
 */
final class ImageTakingIo extends ForwardingStorageIo {

    interface Hook {
        void at(String call, boolean after) throws IOException;
    }

    private volatile Hook hook;

    ImageTakingIo() {
        super(StorageIo.system());
    }

    void hook(Hook newHook) {
        hook = newHook;
    }

    private void at(String call, boolean after) throws IOException {
        Hook current = hook;
        if (current != null) {
            current.at(call, after);
        }
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        String call = "force " + file.getFileName();
        at(call, false);
        delegate.force(mapping, file, index, length);
        at(call, true);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        String call = "force " + file.getFileName();
        at(call, false);
        delegate.force(channel, file);
        at(call, true);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        String call = "writeAndForce " + file.getFileName();
        at(call, false);
        delegate.writeAndForce(file, content);
        at(call, true);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        String call = "rename " + source.getFileName() + " " + target.getFileName();
        at(call, false);
        delegate.rename(source, target);
        at(call, true);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        at("forceDirectory", false);
        delegate.forceDirectory(directory);
        at("forceDirectory", true);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        String call = "delete " + file.getFileName();
        at(call, false);
        delegate.deleteIfExists(file);
        at(call, true);
    }

    // Reads change nothing on disk: passed through (inherited) without images.
}
