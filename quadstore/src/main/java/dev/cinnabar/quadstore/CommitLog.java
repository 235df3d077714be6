package dev.cinnabar.quadstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import dev.cinnabar.quadstore.index.Memtable;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.StorageIo;

/**
 * The commit log: one record per commit since the last checkpoint, in files {@code quads-<n>.wal}.
 *
 * <p>A log file is never truncated or rewritten: a checkpoint, an open after a crash, or a failed append starts a new
 * file, and old files are deleted only once a manifest whose checkpoint covers them is durable.
 *
 * <p>File header (32 bytes, little-endian): magic, file number, the sequence number of its first commit, CRC-32C of
 * those 24 bytes, 4 zero bytes. The header is forced before any record is appended. Record: payload length (int),
 * CRC-32C (int) of everything after it, commit sequence number, atoms committed, quads in the store after this
 * commit (longs), then the payload: entry count (int) and per entry a state byte (0 add, 1 remove) and four
 * unsigned LEB128 ids (g, s, p, o); then, if the commit changed metadata, the count of changed keys (int) and per key
 * a state byte (0 put, 1 remove), the key's length (LEB128) and UTF-8 bytes, and for a put the value's likewise.
 *
 * <p>Reading stops at the first record that is cut or fails its checksum, when nothing valid follows it: that is a
 * torn tail of an unacknowledged commit. A damaged record followed by a valid one is corruption of a committed
 * commit and is reported, never skipped. A later file's start sequence overrides records of earlier files with that
 * sequence or more: they belong to an append that failed and was not acknowledged.
 */
final class CommitLog {

    static final String PREFIX = "quads-";
    static final String SUFFIX = ".wal";
    static final int FILE_HEADER_BYTES = 32;
    static final int RECORD_HEADER_BYTES = 32;
    private static final long MAGIC = 0x314c4157524e4243L; // "CBNRWAL1" little-endian
    private static final int MAX_ENTRY_BYTES = 1 + 4 * 10;

    private CommitLog() {
    }

    static Path path(Path directory, long number) {
        return NumberedFiles.path(directory, PREFIX, number, SUFFIX);
    }

    /** The number of a log file's name, or -1 if the name is not a log file's. */
    static long numberOf(Path file) {
        return NumberedFiles.numberOf(file, PREFIX, SUFFIX);
    }

    /** Appends commit records to one log file. Used under the store's write lock only. */
    static final class Writer implements Closeable {
        private final StorageIo io;
        private final Path file;
        private final long number;
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        private Writer(StorageIo io, Path file, long number, FileChannel channel, long position) {
            this.io = io;
            this.file = file;
            this.number = number;
            this.channel = channel;
            this.position = position;
        }

        /** Creates the file and forces its header. The caller forces the directory before the first append. */
        static Writer create(StorageIo io, Path file, long number, long startSeq) throws IOException {
            FileChannel channel = io.open(file, true);
            try {
                ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                header.putLong(MAGIC).putLong(number).putLong(startSeq);
                CRC32C crc = new CRC32C();
                crc.update(header.array(), 0, 24);
                header.putInt((int) crc.getValue()).putInt(0).flip();
                writeFully(channel, file, header, 0);
                io.force(channel, file);
                return new Writer(io, file, number, channel, FILE_HEADER_BYTES);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        long number() {
            return number;
        }

        Path file() {
            return file;
        }

        /** Bytes in the file. */
        long bytes() {
            return position;
        }

        /**
         * Writes and forces one commit's record: {@code count} (g, s, p, o) rows, each added or removed, and the
         * metadata keys it changed ({@code null} value: removed).
         */
        void append(long seq, long atomCount, long quadCount, long[] gspo, byte[] tombstone, int count,
            SortedMap<String, String> metadataChanges) throws IOException {
            List<byte[]> metadataBytes = new ArrayList<>();
            long worst = RECORD_HEADER_BYTES + 4L + (long) count * MAX_ENTRY_BYTES + 4;
            for (Map.Entry<String, String> change : metadataChanges.entrySet()) {
                byte[] key = change.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = change.getValue() == null ? null : change.getValue().getBytes(StandardCharsets.UTF_8);
                metadataBytes.add(key);
                metadataBytes.add(value);
                worst += 1 + 10 + key.length + (value == null ? 0 : 10 + value.length);
            }
            if (worst > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("commit of " + count + " changes is too big for one log record");
            }
            if (buffer.capacity() < worst) {
                buffer = ByteBuffer.allocate((int) Math.max(worst, buffer.capacity() * 2L))
                    .order(ByteOrder.LITTLE_ENDIAN);
            }
            buffer.clear();
            buffer.position(8);
            buffer.putLong(seq).putLong(atomCount).putLong(quadCount).putInt(count);
            for (int i = 0; i < count; i++) {
                buffer.put(tombstone[i]);
                for (int position = 0; position < 4; position++) {
                    putVarint(buffer, gspo[i * 4 + position]);
                }
            }
            if (!metadataBytes.isEmpty()) {
                buffer.putInt(metadataBytes.size() / 2);
                for (int i = 0; i < metadataBytes.size(); i += 2) {
                    byte[] key = metadataBytes.get(i);
                    byte[] value = metadataBytes.get(i + 1);
                    buffer.put((byte) (value == null ? 1 : 0));
                    putVarint(buffer, key.length);
                    buffer.put(key);
                    if (value != null) {
                        putVarint(buffer, value.length);
                        buffer.put(value);
                    }
                }
            }
            int end = buffer.position();
            crc.reset();
            crc.update(buffer.array(), 8, end - 8);
            buffer.putInt(0, end - RECORD_HEADER_BYTES).putInt(4, (int) crc.getValue());
            buffer.position(0).limit(end);
            writeFully(channel, file, buffer, position);
            io.force(channel, file);
            position += end;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static void writeFully(FileChannel channel, Path file, ByteBuffer buffer, long position)
        throws IOException {
        long at = position;
        try {
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        } catch (IOException e) { // the channel's own message ("File too large") names no file
            throw new IOException("cannot write " + file + " at " + at + ": " + e.getMessage(), e);
        }
    }

    static void putVarint(ByteBuffer buffer, long value) {
        while ((value & ~0x7FL) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /** One commit read back from a log. */
    record Commit(long seq, long atomCount, long quadCount, byte[] payload, Path file) {

        /** {@code metadata} with this commit's metadata changes applied; checked by {@link #changes} first. */
        SortedMap<String, String> applyMetadataTo(SortedMap<String, String> metadata) throws CorruptStoreException {
            ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            try {
                int count = in.getInt();
                for (int i = 0; i < count; i++) {
                    in.get();
                    for (int position = 0; position < 4; position++) {
                        getVarint(in);
                    }
                }
                if (!in.hasRemaining()) {
                    return metadata;
                }
                SortedMap<String, String> next = new TreeMap<>(metadata);
                int changes = in.getInt();
                if (changes < 1 || changes > payload.length) {
                    throw new CorruptStoreException(file + ": commit " + seq + " claims " + changes
                        + " metadata changes");
                }
                for (int i = 0; i < changes; i++) {
                    byte state = in.get();
                    String key = getUtf8(in);
                    if (state == 0) {
                        next.put(key, getUtf8(in));
                    } else if (state == 1) {
                        next.remove(key);
                    } else {
                        throw new CorruptStoreException(file + ": commit " + seq + " holds an invalid metadata change");
                    }
                }
                if (in.hasRemaining()) {
                    throw new CorruptStoreException(file + ": commit " + seq + " has trailing bytes");
                }
                return next;
            } catch (RuntimeException e) {
                throw new CorruptStoreException(file + ": commit " + seq + " cannot be decoded: " + e);
            }
        }

        /** {@code memtable} with this commit's changes added. */
        Memtable changes() throws CorruptStoreException {
            ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            try {
                int count = in.getInt();
                if (count < 0 || count > payload.length) {
                    throw new CorruptStoreException(file + ": commit " + seq + " claims " + count + " changes");
                }
                long[] gspo = new long[count * 4];
                byte[] tombstone = new byte[count];
                for (int i = 0; i < count; i++) {
                    byte state = in.get();
                    boolean ascending = i == 0;
                    boolean equalSoFar = i > 0;
                    for (int position = 0; position < 4; position++) {
                        long id = getVarint(in);
                        if (id < 1 || id > atomCount) {
                            throw new CorruptStoreException(file + ": commit " + seq + " names atom " + id
                                + " of " + atomCount);
                        }
                        gspo[i * 4 + position] = id;
                        if (equalSoFar && !ascending) {
                            long previous = gspo[(i - 1) * 4 + position];
                            ascending = id > previous;
                            equalSoFar = id == previous;
                        }
                    }
                    if (state > 1 || state < 0 || !ascending) {
                        throw new CorruptStoreException(file + ": commit " + seq + " holds an invalid change " + i);
                    }
                    tombstone[i] = state;
                }
                // What follows the rows is the metadata section, which applyMetadataTo reads and checks.
                return Memtable.empty().with(gspo, tombstone, count);
            } catch (RuntimeException e) {
                throw new CorruptStoreException(file + ": commit " + seq + " cannot be decoded: " + e);
            }
        }
    }

    private static String getUtf8(ByteBuffer in) {
        long length = getVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes runs past the record");
        }
        String text = new String(in.array(), in.position(), (int) length, StandardCharsets.UTF_8);
        in.position(in.position() + (int) length);
        return text;
    }

    private static long getVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** A log file's header and its whole commits, in order. */
    record LogFile(Path file, long number, long startSeq, boolean headerValid, List<Commit> commits, boolean tornTail) {
    }

    /** Reads every whole commit of {@code file}, stopping at a torn tail; corruption throws. */
    static LogFile read(StorageIo io, Path file) throws IOException {
        byte[] bytes = io.readAllBytes(file);
        long number = numberOf(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < FILE_HEADER_BYTES || !headerValid(buffer, number)) {
            if (bytes.length > FILE_HEADER_BYTES) {
                throw new CorruptStoreException(file + ": damaged log file header, and the file holds records");
            }
            // A crash while the file was being created: its header was never forced, so no commit is in it.
            return new LogFile(file, number, -1, false, List.of(), bytes.length > 0);
        }
        long startSeq = buffer.getLong(16);
        List<Commit> commits = new ArrayList<>();
        int position = FILE_HEADER_BYTES;
        long expected = startSeq;
        while (position < bytes.length) {
            int valid = validRecordLength(bytes, buffer, position, expected);
            if (valid < 0) {
                // A torn append leaves only its own bytes behind; a valid later commit means a committed one broke.
                for (int at = position + 1; at + RECORD_HEADER_BYTES <= bytes.length; at++) {
                    if (buffer.getLong(at + 8) == expected + 1 && validRecordLength(bytes, buffer, at, expected + 1) > 0) {
                        throw new CorruptStoreException(file + ": commit " + expected + " at offset " + position
                            + " is damaged, and commit " + (expected + 1) + " follows it at offset " + at);
                    }
                }
                return new LogFile(file, number, startSeq, true, commits, true);
            }
            byte[] payload = new byte[valid - RECORD_HEADER_BYTES];
            System.arraycopy(bytes, position + RECORD_HEADER_BYTES, payload, 0, payload.length);
            commits.add(new Commit(expected, buffer.getLong(position + 16), buffer.getLong(position + 24), payload,
                file));
            expected++;
            position += valid;
        }
        return new LogFile(file, number, startSeq, true, commits, false);
    }

    private static boolean headerValid(ByteBuffer buffer, long number) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 24);
        return buffer.getLong(0) == MAGIC && buffer.getLong(8) == number && buffer.getInt(24) == (int) crc.getValue();
    }

    /** The whole length of a valid record of sequence {@code expected} at {@code position}, or -1. */
    private static int validRecordLength(byte[] bytes, ByteBuffer buffer, int position, long expected) {
        if (bytes.length - position < RECORD_HEADER_BYTES) {
            return -1;
        }
        int length = buffer.getInt(position);
        if (length < 4 || length > bytes.length - position - RECORD_HEADER_BYTES) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, position + 8, RECORD_HEADER_BYTES - 8 + length);
        if ((int) crc.getValue() != buffer.getInt(position + 4) || buffer.getLong(position + 8) != expected) {
            return -1;
        }
        return RECORD_HEADER_BYTES + length;
    }

    /** Log files of {@code directory}, by number. */
    static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : stream) {
                if (numberOf(file) >= 0) {
                    files.add(file);
                }
            }
        }
        files.sort((a, b) -> Long.compare(numberOf(a), numberOf(b)));
        return files;
    }
}
