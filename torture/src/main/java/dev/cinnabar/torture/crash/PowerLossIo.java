package dev.cinnabar.torture.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.cinnabar.storage.DirectoryLock;
import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * A {@link StorageIo} that passes every call to a delegate and models what a power loss could leave of one store
 * directory, atoms and quads alike, from the forces the store makes; it builds such power-loss images on request.
 *
 * <p>Per file (inode): the durable content, as of the forces that covered it (a forced mapping range makes those
 * bytes durable; a channel force or a write-and-force makes the whole file and its length durable). Everything else
 * the file holds now (mapped writes, channel writes since the last force) is pending, by 4 KiB page. Per directory:
 * the entries as of the last directory force, and the creations, renames and deletions made since, in order; those
 * become durable only at the next {@code forceDirectory}.
 *
 * <p>An image: the durable entries plus a subset of the pending entry operations (a prefix, as a journal keeps
 * them, or any subset); each file's length its durable one, its current one, or a page boundary between; each
 * page its durable version or its current one (missing bytes read as zeros). Ranges forced through a mapping are
 * taken strictly: bytes beside them on the same page are not assumed durable.
 *
 * <p>Writes the store makes through file channels are invisible to this layer; they are seen as the file's current
 * content when an image is built. A file in the directory that this layer did not see created (other than the
 * store's {@code LOCK}) fails the image: the store would have bypassed the I/O layer.
 */
final class PowerLossIo extends ForwardingStorageIo {

    static final int PAGE_BYTES = 4096;

    /** Told before and after every call, from the thread making it, while this layer's monitor is held. */
    interface Listener {
        void at(String call, boolean after) throws IOException;
    }

    /** How the pending directory operations are chosen for an image. */
    enum EntryMode { NONE, ALL, PREFIX, SUBSET }

    /** How the pending pages are chosen for an image. */
    enum PageMode { DURABLE_ONLY, ALL_CURRENT, RANDOM }

    private static final class Inode {
        byte[] durable = new byte[0];
        long durableLength;
        /** Content when the inode lost its last name: it can change no more. */
        byte[] frozen;
    }

    private final Path directory;
    private final Map<String, Inode> current = new HashMap<>();
    private final Map<String, Inode> durableEntries = new HashMap<>();
    private final List<Consumer<Map<String, Inode>>> pendingEntryOps = new ArrayList<>();
    private final Map<MappedByteBuffer, Long> mappingPositions = new IdentityHashMap<>();
    private volatile Listener listener;
    private int depth;
    private long calls;

    /** Models {@code directory} over {@code delegate}; whatever the directory holds now counts as durable. */
    PowerLossIo(StorageIo delegate, Path directory) throws IOException {
        super(delegate);
        this.directory = directory.toAbsolutePath();
        if (Files.isDirectory(directory)) {
            for (Map.Entry<String, byte[]> file : snapshot(this.directory).entrySet()) {
                Inode inode = new Inode();
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

    /** I/O calls made through this layer so far. */
    synchronized long calls() {
        return calls;
    }

    /** Directory operations made since the last directory force. */
    synchronized int pendingEntryOps() {
        return pendingEntryOps.size();
    }

    // ------------------------------------------------------------------------------------------------ images

    /** A power-loss image of the directory as of now: file name to content. */
    synchronized Map<String, byte[]> image(Random rnd, EntryMode entryMode, PageMode pageMode) throws IOException {
        checkNoUnknownFiles();
        Map<String, Inode> entries = new HashMap<>(durableEntries);
        int pending = pendingEntryOps.size();
        int prefix = switch (entryMode) {
            case NONE -> 0;
            case ALL -> pending;
            case PREFIX -> rnd.nextInt(pending + 1);
            case SUBSET -> -1;
        };
        for (int i = 0; i < pending; i++) {
            if (prefix >= 0 ? i < prefix : rnd.nextBoolean()) {
                pendingEntryOps.get(i).accept(entries);
            }
        }
        Map<Inode, String> currentNames = new IdentityHashMap<>();
        current.forEach((name, inode) -> currentNames.put(inode, name));
        double[] biases = {0, 0.1, 0.5, 0.9, 1};
        Map<String, byte[]> image = new TreeMap<>();
        for (Map.Entry<String, Inode> entry : entries.entrySet()) {
            Inode inode = entry.getValue();
            String name = currentNames.get(inode);
            byte[] now = inode.frozen != null ? inode.frozen
                : name != null ? Files.readAllBytes(directory.resolve(name)) : inode.durable;
            double towardsNow = switch (pageMode) {
                case DURABLE_ONLY -> 0;
                case ALL_CURRENT -> 1;
                case RANDOM -> biases[rnd.nextInt(biases.length)];
            };
            image.put(entry.getKey(), fileImage(inode, now, towardsNow, pageMode, rnd));
        }
        return image;
    }

    private static byte[] fileImage(Inode inode, byte[] now, double towardsNow, PageMode pageMode, Random rnd) {
        long durableLength = inode.durableLength;
        int length;
        if (pageMode == PageMode.DURABLE_ONLY) {
            length = (int) durableLength;
        } else if (pageMode == PageMode.ALL_CURRENT) {
            length = now.length;
        } else {
            int low = (int) Math.min(durableLength, now.length);
            int high = (int) Math.max(durableLength, now.length);
            int pick = rnd.nextInt(3);
            length = pick == 0 ? (int) durableLength : pick == 1 ? now.length
                : Math.min(high, low + PAGE_BYTES * rnd.nextInt((high - low) / PAGE_BYTES + 1));
        }
        byte[] durable = inode.durable;
        byte[] out = new byte[length];
        for (int start = 0; start < length; start += PAGE_BYTES) {
            byte[] source = rnd.nextDouble() < towardsNow ? now : durable;
            int end = Math.min(Math.min(start + PAGE_BYTES, length), source.length);
            if (end > start) {
                System.arraycopy(source, start, out, start, end - start);
            }
        }
        return out;
    }

    private void checkNoUnknownFiles() throws IOException {
        for (String name : snapshotNames(directory)) {
            if (!current.containsKey(name)) {
                throw new IllegalStateException(directory.resolve(name)
                    + " was created without the StorageIo layer: the crash model cannot see it");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ model

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
        Inode inode = new Inode();
        entryOp(entries -> entries.put(name, inode));
        return inode;
    }

    /** The inode {@code name} names is about to lose that name: keep its content, which can no longer change. */
    private void freeze(String name) throws IOException {
        Inode inode = current.get(name);
        Path file = directory.resolve(name);
        if (inode != null && Files.exists(file)) {
            inode.frozen = Files.readAllBytes(file);
        }
    }

    private void before(String call) throws IOException {
        calls++;
        depth++;
        Listener l = listener;
        if (l != null && depth == 1) {
            l.at(call, false);
        }
    }

    private void after(String call) throws IOException {
        Listener l = listener;
        if (l != null && depth == 1) {
            l.at(call, true);
        }
    }

    // ------------------------------------------------------------------------------------------------ StorageIo

    @Override
    public synchronized FileChannel open(Path file, boolean create) throws IOException {
        String call = "open " + file.getFileName();
        before(call);
        try {
            String name = nameIn(file);
            boolean existed = Files.exists(file);
            FileChannel channel = delegate.open(file, create);
            if (name != null && create && !existed) {
                createIfAbsent(name);
            }
            after(call);
            return channel;
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        String call = "extend " + file.getFileName() + " to " + toLength;
        before(call);
        try {
            delegate.extend(channel, file, fromLength, toLength, allocate);
            after(call);
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized MappedByteBuffer map(FileChannel channel, Path file, long position, long size)
        throws IOException {
        String call = "map " + file.getFileName() + " at " + position;
        before(call);
        try {
            MappedByteBuffer mapping = delegate.map(channel, file, position, size);
            mappingPositions.put(mapping, position);
            after(call);
            return mapping;
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        String call = "forceMapping " + file.getFileName() + " " + index + "+" + length;
        before(call);
        try {
            delegate.force(mapping, file, index, length);
            String name = nameIn(file);
            Long position = mappingPositions.get(mapping);
            Inode inode = name == null ? null : current.get(name);
            if (inode != null) {
                if (position == null) {
                    throw new IllegalStateException(file + ": forced a mapping this layer did not make");
                }
                int from = (int) (position + index);
                if (inode.durable.length < from + length) {
                    inode.durable = Arrays.copyOf(inode.durable, from + length);
                }
                mapping.get(index, inode.durable, from, length);
            }
            after(call);
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void force(FileChannel channel, Path file) throws IOException {
        String call = "forceChannel " + file.getFileName();
        before(call);
        try {
            delegate.force(channel, file);
            String name = nameIn(file);
            Inode inode = name == null ? null : current.get(name);
            if (inode != null) {
                inode.durable = Files.readAllBytes(file);
                inode.durableLength = inode.durable.length;
            }
            after(call);
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void writeAndForce(Path file, ByteBuffer content) throws IOException {
        String call = "writeAndForce " + file.getFileName();
        before(call);
        try {
            ByteBuffer copy = content.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            delegate.writeAndForce(file, content);
            String name = nameIn(file);
            if (name != null) {
                Inode inode = createIfAbsent(name);
                inode.durable = bytes;
                inode.durableLength = bytes.length;
            }
            after(call);
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        String call = "rename " + source.getFileName() + " -> " + target.getFileName();
        before(call);
        try {
            String from = nameIn(source);
            String to = nameIn(target);
            if (from != null && to != null) {
                freeze(to);
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
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void forceDirectory(Path dir) throws IOException {
        String call = "forceDirectory " + dir.getFileName();
        before(call);
        try {
            delegate.forceDirectory(dir);
            if (directory.equals(dir.toAbsolutePath())) {
                durableEntries.clear();
                durableEntries.putAll(current);
                pendingEntryOps.clear();
            }
            after(call);
        } finally {
            depth--;
        }
    }

    @Override
    public synchronized void deleteIfExists(Path file) throws IOException {
        String call = "delete " + file.getFileName();
        before(call);
        try {
            String name = nameIn(file);
            if (name != null) {
                freeze(name);
            }
            delegate.deleteIfExists(file);
            if (name != null && current.containsKey(name)) {
                entryOp(entries -> entries.remove(name));
            }
            after(call);
        } finally {
            depth--;
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    /** The regular files of {@code dir} except the store's {@code LOCK}, by name. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : snapshotNames(dir)) {
            files.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        return files;
    }

    private static List<String> snapshotNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                .filter(n -> !n.equals(DirectoryLock.FILE_NAME)).sorted().toList();
        }
    }

    // Reads change nothing the model keeps (no creation, no durable byte): inherited pass-throughs, no images.
}
