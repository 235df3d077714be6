package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.DefaultGraph;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;

/** The store's metadata map: committed atomically with the quads, through the log, checkpoints and spills. */
class StoreMetadataTest {

    @TempDir
    Path dir;

    static final Iri S = new Iri("http://example.org/s");
    static final Iri P = new Iri("http://example.org/p");

    static QuadStoreOptions small() {
        return QuadStoreOptions.defaults().withTxnBufferMaxQuads(64).withMemtableMaxQuads(256)
            .withAutoCompaction(false);
    }

    @Test
    void committedMetadataIsVisibleToLaterReadersAndSurvivesReopen() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("prefix.ex", "http://example.org/");
                w.putMetadata("prefix.foaf", "http://xmlns.com/foaf/0.1/");
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(Map.of("prefix.ex", "http://example.org/", "prefix.foaf", "http://xmlns.com/foaf/0.1/"),
                    r.metadata());
            }
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals("http://example.org/", r.metadata().get("prefix.ex"));
            assertEquals(2, r.metadata().size());
        }
    }

    @Test
    void aWriteTransactionSeesItsOwnChangesAndRollbackDiscardsThem() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("a", "1");
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("b", "2");
                w.removeMetadata("a");
                assertEquals(Map.of("b", "2"), w.metadata());
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(Map.of("a", "1"), r.metadata());
            }
        }
    }

    @Test
    void metadataAndQuadsOfOneTransactionCommitTogetherThroughTheLog() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, Literal.of("v"));
                w.putMetadata("k", "v");
                w.commit();
            }
        }
        assertTrue(Files.list(dir).anyMatch(f -> f.getFileName().toString().endsWith(".wal")));
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(1, r.count(null, null, null, null));
            assertEquals(Map.of("k", "v"), r.metadata());
        }
    }

    @Test
    void metadataSurvivesCheckpointAndCompaction() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            for (int i = 0; i < 5; i++) {
                try (WriteTxn w = store.beginWrite()) {
                    w.add(DefaultGraph.INSTANCE, S, P, Literal.of("v" + i));
                    w.putMetadata("k" + i, "v" + i);
                    w.commit();
                }
                store.checkpoint();
            }
            store.compact();
            try (WriteTxn w = store.beginWrite()) {
                w.removeMetadata("k0");
                w.commit();
            }
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(Map.of("k1", "v1", "k2", "v2", "k3", "v3", "k4", "v4"), r.metadata());
        }
    }

    @Test
    void aSpilledTransactionCommitsItsMetadataWithItsSegments() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                for (int i = 0; i < 500; i++) { // > 64: spills
                    w.add(DefaultGraph.INSTANCE, S, P, Literal.of("v" + i));
                }
                w.putMetadata("big", "yes");
                w.commit();
            }
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(500, r.count(null, null, null, null));
            assertEquals(Map.of("big", "yes"), r.metadata());
        }
    }

    @Test
    void commitSequenceGrowsOnlyWithCommitsThatChangeSomething() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small())) {
            long start;
            try (ReadTxn r = store.beginRead()) {
                start = r.commitSequence();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("k", "v");
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("k", "v"); // the same value: nothing changes
                w.commit();
            }
            try (ReadTxn r = store.beginRead()) {
                assertEquals(start + 1, r.commitSequence());
            }
        }
    }

    @Test
    void aTornMetadataCommitRecoversToThePreviousCommit() throws IOException {
        Path live = dir.resolve("live");
        Path image = dir.resolve("image"); // what a process killed after the second commit leaves
        try (QuadStore store = QuadStore.open(live, small())) {
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("first", "1");
                w.commit();
            }
            try (WriteTxn w = store.beginWrite()) {
                w.putMetadata("second", "2");
                w.commit();
            }
            Files.createDirectories(image);
            try (var files = Files.list(live)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().equals("LOCK")).toList()) {
                    Files.copy(file, image.resolve(file.getFileName()));
                }
            }
        }
        Path log = Files.list(image).filter(f -> f.getFileName().toString().endsWith(".wal")).findFirst()
            .orElseThrow();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), channel.size() - 3); // in the last record
        }
        try (QuadStore store = QuadStore.open(image, small()); ReadTxn r = store.beginRead()) {
            assertEquals(Map.of("first", "1"), r.metadata());
        }
    }

    @Test
    void keysAndValuesOverTheLimitsOrNotUnicodeAreRefused() throws IOException {
        try (QuadStore store = QuadStore.open(dir, small()); WriteTxn w = store.beginWrite()) {
            assertThrows(IllegalArgumentException.class,
                () -> w.putMetadata("k".repeat(QuadReader.MAX_METADATA_KEY_BYTES + 1), "v"));
            assertThrows(IllegalArgumentException.class,
                () -> w.putMetadata("k", "v".repeat(QuadReader.MAX_METADATA_VALUE_BYTES + 1)));
            assertThrows(IllegalArgumentException.class, () -> w.putMetadata("k\uD800", "v"));
            assertThrows(NullPointerException.class, () -> w.putMetadata("k", null));
            assertEquals(Map.of(), w.metadata());
        }
    }

    @Test
    void unicodeKeysAndValuesRoundTripExactly() throws IOException {
        TreeMap<String, String> expected = new TreeMap<>();
        for (String text : List.of("", "é", "\uD83D\uDE00", "a\u0000b", "line\nbreak")) {
            expected.put("key" + text, "value" + text);
        }
        try (QuadStore store = QuadStore.open(dir, small()); WriteTxn w = store.beginWrite()) {
            expected.forEach(w::putMetadata);
            w.commit();
        }
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (ReadTxn r = store.beginRead()) {
                assertEquals(expected, r.metadata());
            }
            store.checkpoint(); // nothing in the memtable: the log still holds the commit
        }
        try (QuadStore store = QuadStore.open(dir, small())) {
            try (WriteTxn w = store.beginWrite()) {
                w.add(DefaultGraph.INSTANCE, S, P, S);
                w.commit();
            }
            store.checkpoint(); // now the manifest holds the metadata
        }
        try (QuadStore store = QuadStore.open(dir, small()); ReadTxn r = store.beginRead()) {
            assertEquals(expected, r.metadata());
        }
    }
}
