package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * A {@link StorageIo} over {@link StorageIo#system()} that models what a power loss could leave of one store
 * directory, from the forces the store makes, and can produce such a power-loss image at any call.
 *
 * <p>The model, per file (inode): its durable content and length, as of the last force that covered them (a forced
 * mapping range makes those bytes durable; a file force makes all of it and its length durable; a file that existed
 * when the model was attached counts as durable as it was). Per directory: the entries as of the last directory
 * force, and the creations, renames and deletions made since, in order.
 *
 * <p>An image: the directory as of its last force plus a random prefix of the later entry operations (a journal
 * keeps their order); each file's length its durable or its current one; each 4 KiB page its durable or its current
 * version (pages not forced may or may not have been written back); missing bytes are zeros. Every image is a state
 * a power loss could leave behind; it is strict about directory forces (POSIX: a new or renamed entry is durable
 * only after the directory is forced).
 */
final class CrashPowerLossIo extends ForwardingStorageIo {

    /** Told before and after every call (with the call's name). */
    interface Listener {
        void on(String call, boolean after) throws IOException;
    }

    private static final class Inode {
        final int number;
        byte[] durable = new byte[0];
        long durableLength;
        /** Content when the inode lost its last name (it can change no more). */
        byte[] frozen;

        Inode(int number) {
            this.number = number;
        }
    }

    private final Path directory;
    private final Map<String, Inode> current = new HashMap<>();
    private final Map<String, Inode> durableEntries = new HashMap<>();
    private final List<Consumer<Map<String, Inode>>> pendingEntryOps = new ArrayList<>();
    private final Map<MappedByteBuffer, Long> mappingPositions = new IdentityHashMap<>();
    private final List<byte[]> savedManifests = new ArrayList<>();
    private int inodes;
    private volatile Listener listener;
    private int depth;

    /** Models {@code directory}; whatever it holds now counts as durable. */
    CrashPowerLossIo(Path directory) throws IOException {
        super(StorageIo.system());
        this.directory = directory.toAbsolutePath();
        if (Files.isDirectory(directory)) {
            for (Map.Entry<String, byte[]> file : CrashImages.snapshot(directory).entrySet()) {
                Inode inode = new Inode(++inodes);
                inode.durable = file.getValue();
                inode.durableLength = file.getValue().length;
                current.put(file.getKey(), inode);
                durableEntries.put(file.getKey(), inode);
            }
        }
    }

    void listen(Listener newListener) {
        listener = newListener;
    }

    void stopListening() {
        listener = null;
    }

    /** Every manifest the store wrote (to its temp file), in order. */
    synchronized List<byte[]> savedManifests() {
        return List.copyOf(savedManifests);
    }

    // ------------------------------------------------------------------------------------------------ images

    /** A power-loss image of the directory as of now. */
    synchronized Map<String, byte[]> powerLossImage(Random rnd) throws IOException {
        Map<String, Inode> entries = new HashMap<>(durableEntries);
        int applied = rnd.nextInt(pendingEntryOps.size() + 1);
        for (int i = 0; i < applied; i++) {
            pendingEntryOps.get(i).accept(entries);
        }
        Map<Inode, String> currentNames = new IdentityHashMap<>();
        current.forEach((name, inode) -> currentNames.put(inode, name));
        double[] biases = {0, 0.1, 0.5, 0.9, 1};
        Map<String, byte[]> image = new TreeMap<>();
        for (Map.Entry<String, Inode> entry : entries.entrySet()) {
            Inode inode = entry.getValue();
            byte[] now = inode.frozen != null ? inode.frozen : Files.readAllBytes(file(currentNames.get(inode)));
            byte[] durable = inode.durable;
            int length = (int) (rnd.nextBoolean() ? inode.durableLength : now.length);
            double towardsNow = biases[rnd.nextInt(biases.length)];
            byte[] out = new byte[length];
            for (int start = 0; start < length; start += CrashImages.PAGE_BYTES) {
                byte[] source = rnd.nextDouble() < towardsNow ? now : durable;
                int end = Math.min(Math.min(start + CrashImages.PAGE_BYTES, length), source.length);
                if (end > start) {
                    System.arraycopy(source, start, out, start, end - start);
                }
            }
            image.put(entry.getKey(), out);
        }
        return image;
    }

    // ------------------------------------------------------------------------------------------------ model

    private Path file(String name) {
        return directory.resolve(name);
    }

    private String nameIn(Path file) {
        Path absolute = file.toAbsolutePath();
        return directory.equals(absolute.getParent()) ? absolute.getFileName().toString() : null;
    }

    private void entryOp(Consumer<Map<String, Inode>> op) {
        op.accept(current);
        pendingEntryOps.add(op);
    }

    private Inode createIfAbsent(String name) {
        Inode existing = current.get(name);
        if (existing != null) {
            return existing;
        }
        Inode inode = new Inode(++inodes);
        entryOp(entries -> entries.put(name, inode));
        return inode;
    }

    /** The inode {@code name} names loses that name: keep its content, which can no longer change. */
    private void freezeIfLastName(String name) throws IOException {
        Inode inode = current.get(name);
        if (inode != null && Files.exists(file(name))) {
            inode.frozen = Files.readAllBytes(file(name));
        }
    }

    private void before(String call) throws IOException {
        depth++;
        Listener l = listener;
        if (l != null && depth == 1) {
            l.on(call, false);
        }
    }

    private void after(String call) throws IOException {
        depth--;
        Listener l = listener;
        if (l != null && depth == 0) {
            l.on(call, true);
        }
    }

    // ------------------------------------------------------------------------------------------------ StorageIo

    @Override
    public synchronized FileChannel open(Path file, boolean create) throws IOException {
        String call = "open(" + file.getFileName() + ")";
        before(call);
        String name = nameIn(file);
        FileChannel channel = delegate.open(file, create);
        if (name != null && create) {
            createIfAbsent(name);
        }
        after(call);
        return channel;
    }

    @Override
    public synchronized void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        String call = "extend(" + file.getFileName() + ", " + toLength + ")";
        before(call);
        delegate.extend(channel, file, fromLength, toLength, allocate);
        after(call);
    }

    @Override
    public synchronized MappedByteBuffer map(FileChannel channel, Path file, long position, long size)
        throws IOException {
        String call = "map(" + file.getFileName() + ", " + position + ")";
        before(call);
        MappedByteBuffer mapping = delegate.map(channel, file, position, size);
        mappingPositions.put(mapping, position);
        after(call);
        return mapping;
    }

    @Override
    public synchronized void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        String call = "forceMapping(" + file.getFileName() + ", " + index + ", " + length + ")";
        before(call);
        delegate.force(mapping, file, index, length);
        String name = nameIn(file);
        Long position = mappingPositions.get(mapping);
        if (name != null && position != null && current.containsKey(name)) {
            Inode inode = current.get(name);
            long from = position + index;
            if (inode.durable.length < from + length) {
                inode.durable = java.util.Arrays.copyOf(inode.durable, (int) (from + length));
            }
            mapping.get(index, inode.durable, (int) from, length);
        }
        after(call);
    }

    @Override
    public synchronized void force(FileChannel channel, Path file) throws IOException {
        String call = "forceFile(" + file.getFileName() + ")";
        before(call);
        delegate.force(channel, file);
        String name = nameIn(file);
        if (name != null && current.containsKey(name)) {
            Inode inode = current.get(name);
            inode.durable = Files.readAllBytes(file);
            inode.durableLength = inode.durable.length;
        }
        after(call);
    }

    @Override
    public synchronized void writeAndForce(Path file, ByteBuffer content) throws IOException {
        String call = "writeAndForce(" + file.getFileName() + ")";
        before(call);
        ByteBuffer copy = content.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        delegate.writeAndForce(file, content);
        String name = nameIn(file);
        if (name != null) {
            Inode inode = createIfAbsent(name);
            inode.durable = bytes;
            inode.durableLength = bytes.length;
            if (name.equals(CrashImages.MANIFEST_TMP)) {
                savedManifests.add(bytes);
            }
        }
        after(call);
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        String call = "rename(" + source.getFileName() + " -> " + target.getFileName() + ")";
        before(call);
        String from = nameIn(source);
        String to = nameIn(target);
        if (from != null && to != null) {
            freezeIfLastName(to);
        }
        delegate.rename(source, target);
        if (from != null && to != null) {
            Inode inode = current.get(from);
            entryOp(entries -> {
                entries.remove(from);
                if (inode != null) {
                    entries.put(to, inode);
                }
            });
        }
        after(call);
    }

    @Override
    public synchronized void forceDirectory(Path dir) throws IOException {
        String call = "forceDirectory";
        before(call);
        delegate.forceDirectory(dir);
        if (directory.equals(dir.toAbsolutePath())) {
            durableEntries.clear();
            durableEntries.putAll(current);
            pendingEntryOps.clear();
        }
        after(call);
    }

    @Override
    public synchronized void deleteIfExists(Path file) throws IOException {
        String call = "deleteIfExists(" + file.getFileName() + ")";
        before(call);
        String name = nameIn(file);
        if (name != null) {
            freezeIfLastName(name);
        }
        delegate.deleteIfExists(file);
        if (name != null && current.containsKey(name)) {
            entryOp(entries -> entries.remove(name));
        }
        after(call);
    }

    // Reads change nothing the model keeps: passed through (inherited).
}
