package dev.cinnabar.quadstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.storage.CorruptStoreException;
import dev.cinnabar.storage.DirectoryLock;

/**
 * A torn commit log tail (cut or garbled last record) recovers to the last whole commit; damage to an earlier,
 * acknowledged commit or to a segment is reported naming the file, never read as data.
 */
class LogAndSegmentDamageTest {

    @TempDir
    Path dir;

    private static final Iri P = new Iri("http://example.org/p");
    private static final QuadStoreOptions OPTIONS = QuadStoreOptions.defaults().withAutoCompaction(false);

    private static Quad quad(int commit, int i) {
        return new Quad(new Iri("http://example.org/g" + commit), new Iri("http://example.org/s" + i), P,
            Literal.of("commit " + commit + " item " + i));
    }

    /**
     * Three commits of 20 quads each, all in the log, as a process killed after the third commit leaves them: the
     * files are copied to {@code store} while the store is open (a clean close records how far the log reaches, and
     * a torn tail is then damage, see {@link #aCutLogAfterACleanCloseIsReportedNamingIt}). Returns the model after
     * each commit.
     */
    private List<Set<Quad>> threeLoggedCommits(Path store) throws IOException {
        return threeLoggedCommits(store, false);
    }

    private List<Set<Quad>> threeLoggedCommits(Path store, boolean cleanClose) throws IOException {
        Set<Quad> model = new HashSet<>();
        List<Set<Quad>> states = new java.util.ArrayList<>();
        states.add(Set.of());
        Path live = cleanClose ? store : store.resolveSibling(store.getFileName() + "-live");
        try (QuadStore quads = QuadStore.open(live, OPTIONS)) {
            for (int c = 1; c <= 3; c++) {
                try (WriteTxn w = quads.beginWrite()) {
                    for (int i = 0; i < 20; i++) {
                        w.add(quad(c, i));
                        model.add(quad(c, i));
                    }
                    w.commit();
                }
                states.add(Set.copyOf(model));
            }
            if (!cleanClose) {
                copy(live, store);
            }
        }
        return states;
    }

    @Test
    void aCutLogAfterACleanCloseIsReportedNamingIt() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store, true);
        Path logFile = lastLog(store);
        byte[] log = Files.readAllBytes(logFile);
        Files.write(logFile, java.util.Arrays.copyOf(log, recordOffsets(log).get(2) + 7));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(store, OPTIONS));
        assertTrue(e.getMessage().contains(logFile.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("acknowledged"), e.getMessage());
    }

    @Test
    void aMissingLogAfterACleanCloseIsReported() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store, true);
        Path log = lastLog(store);
        Files.delete(log);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(store, OPTIONS));
        assertTrue(e.getMessage().contains("ends at commit 0"), e.getMessage());
        assertTrue(e.getMessage().startsWith(log + " is missing"), e.getMessage());
    }

    @Test
    void aMissingLogBetweenOthersIsReportedByName() throws IOException {
        Path live = dir.resolve("live");
        for (int c = 1; c <= 3; c++) { // each open starts a new log file for its first commit
            try (QuadStore quads = QuadStore.open(live, OPTIONS); WriteTxn w = quads.beginWrite()) {
                w.add(quad(c, 0));
                w.commit();
            }
        }
        List<Path> logs = CommitLog.files(live);
        assertTrue(logs.size() >= 3, logs.toString());
        Path middle = logs.get(logs.size() - 2);
        Files.delete(middle);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(live, OPTIONS));
        assertTrue(e.getMessage().startsWith(middle + " is missing"), e.getMessage());
    }

    private static Path lastLog(Path store) throws IOException {
        List<Path> logs = CommitLog.files(store);
        return logs.get(logs.size() - 1);
    }

    private static Set<Quad> contents(Path store) throws IOException {
        try (QuadStore quads = QuadStore.open(store, OPTIONS); ReadTxn r = quads.beginRead();
            Stream<Quad> all = r.match(null, null, null, null)) {
            return all.collect(Collectors.toSet());
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(DirectoryLock.FILE_NAME)) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** Offsets of each record in a log file: the header, then records of length-prefixed payloads. */
    private static List<Integer> recordOffsets(byte[] log) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(log).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new java.util.ArrayList<>();
        int at = CommitLog.FILE_HEADER_BYTES;
        while (at < log.length) {
            offsets.add(at);
            at += CommitLog.RECORD_HEADER_BYTES + buffer.getInt(at);
        }
        return offsets;
    }

    @Test
    void aLogCutAnywhereInItsLastRecordRecoversToThePreviousCommit() throws IOException {
        Path original = dir.resolve("original");
        List<Set<Quad>> states = threeLoggedCommits(original);
        byte[] log = Files.readAllBytes(lastLog(original));
        List<Integer> records = recordOffsets(log);
        assertEquals(3, records.size());
        int last = records.get(2);
        for (int cut = last + 1; cut < log.length; cut += Math.max(1, (log.length - last) / 17)) {
            Path image = copy(original, dir.resolve("cut-" + cut));
            Files.write(image.resolve(lastLog(original).getFileName()), java.util.Arrays.copyOf(log, cut));
            assertEquals(states.get(2), contents(image), "cut at " + cut);
        }
        Path exact = copy(original, dir.resolve("cut-at-record"));
        Files.write(exact.resolve(lastLog(original).getFileName()), java.util.Arrays.copyOf(log, last));
        assertEquals(states.get(2), contents(exact));
    }

    @Test
    void aGarbledLastRecordRecoversToThePreviousCommitAndLaterCommitsSurvive() throws IOException {
        Path store = dir.resolve("store");
        List<Set<Quad>> states = threeLoggedCommits(store);
        Path logFile = lastLog(store);
        byte[] log = Files.readAllBytes(logFile);
        int last = recordOffsets(log).get(2);
        log[last + CommitLog.RECORD_HEADER_BYTES + 9] ^= 0x40;
        Files.write(logFile, log);
        assertEquals(states.get(2), contents(store));
        // Appending after the garbage would hide new commits behind it: the store must write a new log instead.
        Quad later = quad(9, 9);
        try (QuadStore quads = QuadStore.open(store, OPTIONS); WriteTxn w = quads.beginWrite()) {
            w.add(later);
            w.commit();
        }
        Set<Quad> expected = new HashSet<>(states.get(2));
        expected.add(later);
        assertEquals(expected, contents(store));
        assertEquals(expected, contents(store), "stable across a second reopen");
    }

    @Test
    void aDamagedCommitFollowedByAWholeOneIsReportedNamingTheLog() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store);
        Path logFile = lastLog(store);
        byte[] log = Files.readAllBytes(logFile);
        int second = recordOffsets(log).get(1);
        log[second + CommitLog.RECORD_HEADER_BYTES + 5] ^= 0x01;
        Files.write(logFile, log);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(store, OPTIONS));
        assertTrue(e.getMessage().contains(logFile.getFileName().toString()), e.getMessage());
    }

    @Test
    void aDamagedSegmentBlockIsReportedNamingTheSegmentWhenRead() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store);
        try (QuadStore quads = QuadStore.open(store, OPTIONS)) {
            quads.compact();
        }
        Path segment = onlySegment(store);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 4] ^= 0x10; // inside the first orders' blocks, far from the footer
        Files.write(segment, bytes);
        try (QuadStore quads = QuadStore.open(store, OPTIONS); ReadTxn r = quads.beginRead()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                for (IndexOrderPattern pattern : IndexOrderPattern.values()) {
                    try (Stream<Quad> all = pattern.match(r)) {
                        all.count();
                    }
                }
            });
            assertInstanceOf(CorruptStoreException.class, e.getCause());
            assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void aDamagedSegmentFooterIsReportedNamingTheSegmentAtOpen() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store);
        try (QuadStore quads = QuadStore.open(store, OPTIONS)) {
            quads.compact();
        }
        Path segment = onlySegment(store);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 20] ^= 0x10;
        Files.write(segment, bytes);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(store, OPTIONS));
        assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
    }

    @Test
    void aMissingSegmentIsReportedNamingIt() throws IOException {
        Path store = dir.resolve("store");
        threeLoggedCommits(store);
        try (QuadStore quads = QuadStore.open(store, OPTIONS)) {
            quads.compact();
        }
        Path segment = onlySegment(store);
        Files.delete(segment);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> QuadStore.open(store, OPTIONS));
        assertTrue(e.getMessage().contains(segment.getFileName().toString()), e.getMessage());
    }

    private static Path onlySegment(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().endsWith(QuadStore.SEGMENT_SUFFIX))
                .sorted(Comparator.naturalOrder()).toList();
            assertEquals(1, segments.size(), segments.toString());
            return segments.get(0);
        }
    }

    /** One bound-position pattern per index order, so every order's blocks get read. */
    private enum IndexOrderPattern {
        ALL, BY_SUBJECT, BY_PREDICATE, BY_OBJECT, BY_GRAPH, BY_GRAPH_PREDICATE, BY_GRAPH_OBJECT;

        Stream<Quad> match(ReadTxn r) {
            Quad q = quad(2, 3);
            return switch (this) {
                case ALL -> r.match(null, null, null, null);
                case BY_SUBJECT -> r.match(null, q.subject(), null, null);
                case BY_PREDICATE -> r.match(null, null, q.predicate(), null);
                case BY_OBJECT -> r.match(null, null, null, q.object());
                case BY_GRAPH -> r.match(q.graph(), null, null, null);
                case BY_GRAPH_PREDICATE -> r.match(q.graph(), null, q.predicate(), null);
                case BY_GRAPH_OBJECT -> r.match(q.graph(), null, null, q.object());
            };
        }
    }
}
