package dev.cinnabar.torture.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.storage.CorruptStoreException;

/**
 * Damaged copies of a real store are reported naming the file, or answer exactly as before; never a wrong answer, a
 * raw exception, a crash or a hang. A short version of {@code torture.jar corrupt}, and the bugs it found.
 */
class CorruptionTortureTest {

    @TempDir
    Path dir;

    private String run(int chunkBytes) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CorruptionTorture.Report report = CorruptionTorture.run(dir.resolve("chunks-" + chunkBytes), 7, 4, false,
            120, chunkBytes, new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(report.cases().size(), report.results().size(), "every case ran in time\n" + text);
        report.results().forEach((i, result) -> {
            Damage damage = report.cases().get(i);
            // Known: damage to an older commit log is reported naming the next log (QuadStore.replay); see README.
            boolean known = result.outcome() == Outcome.OPEN_REPORTED_OTHER_FILE
                && CasePlan.kindOf(damage.file()).equals("quads-N.wal");
            assertTrue(result.outcome().acceptable || known, damage + ": " + result.line() + "\n" + text);
        });
        Map<String, Map<String, Integer>> table = report.table();
        for (String kind : List.of("LOCK", "atoms.data", "atoms.hash", "atoms.manifest", "atoms.offsets",
            "quads-N.seg", "quads-N.wal", "quads.manifest")) {
            assertTrue(table.containsKey(kind), kind + " was damaged\n" + text);
        }
        // Every damage to a manifest (CRC-checked, no unused bytes) is refused by open.
        for (String manifest : List.of("atoms.manifest", "quads.manifest")) {
            assertEquals(List.of(Outcome.OPEN_REPORTED.name()), List.copyOf(table.get(manifest).keySet()), text);
        }
        return text;
    }

    @Test
    void damageToAStoreWithSmallAtomChunksIsReportedOrHarmless() throws Exception {
        run(StoreFixture.SMALL_CHUNK_BYTES);
    }

    @Test
    void damageToAStoreWithTheDefaultAtomChunkIsReportedOrHarmless() throws Exception {
        run(StoreFixture.DEFAULT_CHUNK_BYTES);
    }

    /** The store of the fixture with one bit of one atom's offset flipped far past the data. */
    private Path storeWithAWildOffset(long atom) throws IOException {
        Path store = StoreFixture.build(dir, 3, StoreFixture.DEFAULT_CHUNK_BYTES);
        Path offsets = store.resolve("atoms.offsets");
        byte[] bytes = Files.readAllBytes(offsets);
        ByteBuffer entries = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) ((atom - 1) * 8);
        entries.putLong(at, entries.getLong(at) | 1L << 27); // 128 MiB on: inside the 1 GiB chunk, past the file
        Files.write(offsets, bytes);
        return store;
    }

    @Test
    void aWildAtomOffsetIsReportedNotReadOutsideTheMapping() throws IOException {
        // Before the fix, verify() and term(id) read unmapped memory here: SIGSEGV, the JVM died.
        Path store = storeWithAWildOffset(100);
        try (QuadStore quads = QuadStore.open(store, StoreFixture.options(StoreFixture.DEFAULT_CHUNK_BYTES))) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, quads::verify);
            assertTrue(e.getMessage().contains("atoms.offsets"), e.getMessage());
            try (ReadTxn read = quads.beginRead()) {
                UncheckedIOException damage = assertThrows(UncheckedIOException.class, () -> read.term(100));
                assertInstanceOf(CorruptStoreException.class, damage.getCause());
                assertTrue(damage.getMessage().contains("atoms.offsets") && damage.getMessage().contains("atom 100"),
                    damage.getMessage());
            }
        }
    }

    @Test
    void anAtomThatDoesNotDecodeIsReportedAsDamageNamingTheAtomData() throws IOException {
        Path store = StoreFixture.build(dir, 3, StoreFixture.SMALL_CHUNK_BYTES);
        long atom = 1; // the default graph, a one-byte record
        ByteBuffer offsets = ByteBuffer.wrap(Files.readAllBytes(store.resolve("atoms.offsets")))
            .order(ByteOrder.LITTLE_ENDIAN);
        Path data = store.resolve("atoms.data");
        byte[] bytes = Files.readAllBytes(data);
        int kindByte = (int) offsets.getLong((int) ((atom - 1) * 8)) + 1; // past a one-byte length prefix
        bytes[kindByte] = (byte) 0x7F; // no term kind
        Files.write(data, bytes);
        try (QuadStore quads = QuadStore.open(store, StoreFixture.options(StoreFixture.SMALL_CHUNK_BYTES));
            ReadTxn read = quads.beginRead()) {
            UncheckedIOException damage = assertThrows(UncheckedIOException.class, () -> read.term(atom));
            assertInstanceOf(CorruptStoreException.class, damage.getCause());
            assertTrue(damage.getMessage().contains("atoms.data: atom " + atom + " does not decode"),
                damage.getMessage());
        }
    }

    @Test
    void anOlderLogDamagedInItsFirstRecordIsReportedNamingThatLog() throws IOException {
        Path store = StoreFixture.build(dir, 3, StoreFixture.SMALL_CHUNK_BYTES);
        List<Path> logs;
        try (var files = Files.list(store)) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
        Path older = logs.get(logs.size() - 2);
        byte[] bytes = Files.readAllBytes(older);
        bytes[32] ^= 1; // the first record's header: the file then holds no whole commit at all
        Files.write(older, bytes);
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
            () -> QuadStore.open(store, StoreFixture.options(StoreFixture.SMALL_CHUNK_BYTES)).close());
        assertTrue(e.getMessage().startsWith(older.toString()), e.getMessage());
    }

    @Test
    void aDamagedOlderLogIsReportedNamingThatLog() throws IOException {
        Path store = StoreFixture.build(dir, 3, StoreFixture.SMALL_CHUNK_BYTES);
        List<Path> logs;
        try (var files = Files.list(store)) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
        Path older = logs.get(logs.size() - 2);
        byte[] bytes = Files.readAllBytes(older);
        bytes[bytes.length - 1] ^= 1; // the last record of a log that a later log follows: an acknowledged commit
        Files.write(older, bytes);
        CorruptStoreException e = assertThrows(CorruptStoreException.class,
            () -> QuadStore.open(store, StoreFixture.options(StoreFixture.SMALL_CHUNK_BYTES)).close());
        assertTrue(e.getMessage().contains(older.getFileName().toString()), e.getMessage());
    }
}
