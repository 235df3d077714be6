package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * Breaks the store's durability order on purpose, between the store and the recording layer: a force the store
 * makes is silently dropped, or made only after the manifest rename that names its data. A correct image checker
 * must then find lost or damaged commits.
 */
final class BrokenOrderIo extends ForwardingStorageIo {

    enum Breakage {
        /** The commit log's forces are dropped: acknowledged logged commits are not durable. */
        SKIP_LOG_FORCE,
        /** Segment files are never forced: a manifest names segments whose bytes may be lost. */
        SKIP_SEGMENT_FORCE,
        /** The atom data region's forces are dropped: committed atoms may be lost. */
        SKIP_ATOM_DATA_FORCE,
        /** A segment is forced only after the quad manifest naming it was renamed into place. */
        SEGMENT_FORCED_AFTER_MANIFEST_RENAME,
        /** Directory forces are dropped: the manifest renames of checkpoints may be lost. */
        SKIP_DIRECTORY_FORCE
    }

    private final Breakage breakage;
    private final List<Path> deferred = new ArrayList<>();
    private int dropped;

    BrokenOrderIo(StorageIo delegate, Breakage breakage) {
        super(delegate);
        this.breakage = breakage;
    }

    /** Forces dropped or deferred so far: the breakage did happen. */
    synchronized int broken() {
        return dropped;
    }

    private static boolean named(Path file, String suffix) {
        return file.getFileName().toString().endsWith(suffix);
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        if (breakage == Breakage.SKIP_ATOM_DATA_FORCE && file.getFileName().toString().equals("atoms.data")) {
            synchronized (this) {
                dropped++;
            }
            return;
        }
        delegate.force(mapping, file, index, length);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        synchronized (this) {
            if (breakage == Breakage.SKIP_LOG_FORCE && named(file, ".wal")
                || breakage == Breakage.SKIP_SEGMENT_FORCE && named(file, ".seg")
                || breakage == Breakage.SKIP_ATOM_DATA_FORCE && file.getFileName().toString().equals("atoms.data")) {
                dropped++;
                return;
            }
            if (breakage == Breakage.SEGMENT_FORCED_AFTER_MANIFEST_RENAME && named(file, ".seg")) {
                deferred.add(file);
                dropped++;
                return;
            }
        }
        delegate.force(channel, file);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        delegate.rename(source, target);
        if (target.getFileName().toString().equals("quads.manifest")) {
            List<Path> due;
            synchronized (this) {
                due = List.copyOf(deferred);
                deferred.clear();
            }
            for (Path file : due) {
                if (java.nio.file.Files.exists(file)) { // the writer closed its channel: force through a new one
                    try (FileChannel channel = delegate.open(file, false)) {
                        delegate.force(channel, file);
                    }
                }
            }
        }
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        if (breakage == Breakage.SKIP_DIRECTORY_FORCE) {
            synchronized (this) {
                dropped++;
            }
            return;
        }
        delegate.forceDirectory(directory);
    }
}
