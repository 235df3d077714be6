package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.cinnabar.storage.ForwardingStorageIo;
import dev.cinnabar.storage.StorageIo;

/**
 * The real file system, except that the n-th call of one chosen kind fails as the OS would make it fail: an
 * {@link IOException} whose message names the file and the OS error. A failing growth or write-and-force first
 * does part of its work (a full disk stops a write midway); a failing force, rename, directory force, delete,
 * open, map or read does nothing. Counts calls per kind and, when asked, where in the store each kind is called from.
 */
final class FaultIo extends ForwardingStorageIo {

    /** A kind of call and how it fails. */
    enum Fault {
        OPEN(Call.OPEN, "Too many open files"),
        EXTEND_NO_SPACE(Call.EXTEND, "No space left on device"),
        EXTEND_FILE_TOO_LARGE(Call.EXTEND, "File too large"),
        MAP(Call.MAP, "Map failed: Cannot allocate memory"),
        FORCE_MAPPING(Call.FORCE_MAPPING, "Input/output error"),
        FORCE_CHANNEL(Call.FORCE_CHANNEL, "Input/output error"),
        WRITE_AND_FORCE(Call.WRITE_AND_FORCE, "No space left on device"),
        RENAME(Call.RENAME, "Read-only file system"),
        FORCE_DIRECTORY(Call.FORCE_DIRECTORY, "Input/output error"),
        DELETE(Call.DELETE, "Operation not permitted"),
        READ_ALL(Call.READ_ALL, "Input/output error"),
        OPEN_FOR_READ(Call.OPEN_FOR_READ, "Too many open files"),
        READ(Call.READ, "Input/output error"),
        MAP_READ_ONLY(Call.MAP_READ_ONLY, "Map failed: Cannot allocate memory");

        final Call call;
        final String osMessage;

        Fault(Call call, String osMessage) {
            this.call = call;
            this.osMessage = osMessage;
        }
    }

    /** The kinds of {@link StorageIo} call. */
    enum Call {
        OPEN, EXTEND, MAP, FORCE_MAPPING, FORCE_CHANNEL, WRITE_AND_FORCE, RENAME, FORCE_DIRECTORY, DELETE,
        READ_ALL, OPEN_FOR_READ, READ, MAP_READ_ONLY
    }

    private final Map<Call, Integer> counts = new EnumMap<>(Call.class);
    private final Map<Call, Set<String>> sites = new EnumMap<>(Call.class);
    private final boolean recordSites;
    private Fault armed;
    private int armedIndex;
    private Path failedFile;
    private int fired;

    FaultIo(boolean recordSites) {
        super(StorageIo.system());
        this.recordSites = recordSites;
        for (Call call : Call.values()) {
            counts.put(call, 0);
            sites.put(call, new LinkedHashSet<>());
        }
    }

    /** The {@code index}-th call (from 1, counted since this layer was made) of {@code fault}'s kind fails. */
    synchronized void arm(Fault fault, int index) {
        armed = fault;
        armedIndex = index;
    }

    synchronized void disarm() {
        armed = null;
    }

    synchronized int count(Call call) {
        return counts.get(call);
    }

    synchronized Set<String> sites(Call call) {
        return Set.copyOf(sites.get(call));
    }

    /** How many faults were injected (0 or 1). */
    synchronized int fired() {
        return fired;
    }

    /** The file the injected fault named. */
    synchronized Path failedFile() {
        return failedFile;
    }

    /** Counts the call; true if it is the one to fail. */
    private synchronized boolean next(Call call, Path file) {
        int n = counts.merge(call, 1, Integer::sum);
        if (recordSites) {
            sites.get(call).add(site());
        }
        if (armed != null && armed.call == call && n == armedIndex) {
            fired++;
            failedFile = file;
            return true;
        }
        return false;
    }

    private IOException failure(Path file) {
        return new IOException(file + ": " + armedMessage());
    }

    private synchronized String armedMessage() {
        return armed.osMessage;
    }

    /** Where the store called this layer: the first frames outside it, in the store's packages. */
    private static String site() {
        return StackWalker.getInstance().walk(frames -> frames
            .filter(f -> f.getClassName().startsWith("dev.cinnabar.") && !f.getClassName().startsWith("dev.cinnabar.torture"))
            .limit(2)
            .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                + ":" + f.getLineNumber())
            .reduce((a, b) -> a + " <- " + b).orElse("?"));
    }

    @Override
    public FileChannel open(Path file, boolean create) throws IOException {
        if (next(Call.OPEN, file)) {
            throw failure(file);
        }
        return delegate.open(file, create);
    }

    @Override
    public void extend(FileChannel channel, Path file, long fromLength, long toLength, boolean allocate)
        throws IOException {
        if (next(Call.EXTEND, file)) {
            long halfway = fromLength + (toLength - fromLength) / 2 / 4096 * 4096;
            if (halfway > fromLength) {
                delegate.extend(channel, file, fromLength, halfway, allocate); // the disk filled up midway
            }
            throw new IOException("cannot grow " + file + " from " + fromLength + " to " + toLength + " bytes: "
                + failure(file).getMessage());
        }
        delegate.extend(channel, file, fromLength, toLength, allocate);
    }

    @Override
    public MappedByteBuffer map(FileChannel channel, Path file, long position, long size) throws IOException {
        if (next(Call.MAP, file)) {
            throw failure(file);
        }
        return delegate.map(channel, file, position, size);
    }

    @Override
    public void force(MappedByteBuffer mapping, Path file, int index, int length) throws IOException {
        if (next(Call.FORCE_MAPPING, file)) {
            throw failure(file);
        }
        delegate.force(mapping, file, index, length);
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        if (next(Call.FORCE_CHANNEL, file)) {
            throw failure(file);
        }
        delegate.force(channel, file);
    }

    @Override
    public void writeAndForce(Path file, ByteBuffer content) throws IOException {
        if (next(Call.WRITE_AND_FORCE, file)) {
            ByteBuffer half = content.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                while (half.hasRemaining()) {
                    channel.write(half); // the disk filled up midway
                }
            }
            throw failure(file);
        }
        delegate.writeAndForce(file, content);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        if (next(Call.RENAME, source)) {
            throw new IOException(source + " -> " + target + ": " + armedMessage());
        }
        delegate.rename(source, target);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        if (next(Call.FORCE_DIRECTORY, directory)) {
            throw failure(directory);
        }
        delegate.forceDirectory(directory);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        if (next(Call.DELETE, file)) {
            throw failure(file);
        }
        delegate.deleteIfExists(file);
    }

    @Override
    public byte[] readAllBytes(Path file) throws IOException {
        if (next(Call.READ_ALL, file)) {
            throw failure(file);
        }
        return delegate.readAllBytes(file);
    }

    @Override
    public FileChannel openForRead(Path file) throws IOException {
        if (next(Call.OPEN_FOR_READ, file)) {
            throw failure(file);
        }
        return delegate.openForRead(file);
    }

    @Override
    public void readFully(FileChannel channel, Path file, ByteBuffer target, long position) throws IOException {
        if (next(Call.READ, file)) {
            throw failure(file);
        }
        delegate.readFully(channel, file, target, position);
    }

    @Override
    public MappedByteBuffer mapReadOnly(FileChannel channel, Path file, long position, long size) throws IOException {
        if (next(Call.MAP_READ_ONLY, file)) {
            throw failure(file);
        }
        return delegate.mapReadOnly(channel, file, position, size);
    }
}
