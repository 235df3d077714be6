package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The store of {@link ManifestPublicationTest}: it owns its lock, and every state's writer interns one 24-byte term
 * and commits, so commit {@code s} holds atoms {@code 1..s}. Nothing is grown or rehashed within a generation, so the
 * whole committed state after commit {@code s} is known in advance: {@link #expected(long)} is the manifest of every
 * field (counts, lengths, capacity, chunk size and both CRC-32Cs) a reader must see with sequence number {@code s}.
 */
final class ManifestStore implements AutoCloseable {

    static final long COMMITS_PER_GENERATION = 2048;
    private static final int TERM_BYTES = 24;
    private static final int RECORD_BYTES = TERM_BYTES + 1;
    private static final long HASH_CAPACITY = 4096;
    private static final int CHUNK_BYTES = 1 << 20;

    final AtomStore store;
    final Path manifestFile;
    private final Manifest[] expected;

    private ManifestStore(AtomStore store) {
        this.store = store;
        this.manifestFile = store.directory().resolve(Manifest.FILE_NAME);
        this.expected = expectedManifests();
    }

    static ManifestStore create(Path directory, int generation) throws IOException {
        return new ManifestStore(AtomStore.open(directory, AtomStoreOptions.defaults()
            .withChunkSizeBytes(CHUNK_BYTES)
            .withMaxAtomBytes(1024)
            .withInitialDataBytes(64 * 1024)
            .withInitialHashCapacity(HASH_CAPACITY)));
    }

    static byte[] term(long id) {
        byte[] term = String.format("manifest-atom-%010d", id).getBytes(StandardCharsets.US_ASCII);
        assert term.length == TERM_BYTES;
        return term;
    }

    private static Manifest[] expectedManifests() {
        Manifest[] manifests = new Manifest[(int) COMMITS_PER_GENERATION + 1];
        manifests[0] = Manifest.empty(HASH_CAPACITY, CHUNK_BYTES);
        CRC32C data = new CRC32C();
        CRC32C offsets = new CRC32C();
        ByteBuffer entry = ByteBuffer.allocate(AtomStore.OFFSET_ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 1; s <= COMMITS_PER_GENERATION; s++) {
            data.update(TERM_BYTES);
            data.update(term(s));
            offsets.update(entry.putLong(0, (long) (s - 1) * RECORD_BYTES).array());
            manifests[s] = manifests[s - 1].next(s, (long) s * RECORD_BYTES, HASH_CAPACITY, (int) data.getValue(),
                (int) offsets.getValue());
        }
        return manifests;
    }

    /** Every field of commit {@code sequence}, or {@code null} if there is no such commit in a generation. */
    Manifest expected(long sequence) {
        return sequence >= 0 && sequence < expected.length ? expected[(int) sequence] : null;
    }

    /** Interns the next term and commits it; returns the sequence number of that commit. */
    long internAndCommit() throws IOException {
        store.intern(term(store.size() + 1));
        store.commit();
        return Internals.committed(store).commitSequence();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
