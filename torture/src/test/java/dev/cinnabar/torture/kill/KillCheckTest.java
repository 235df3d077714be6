package dev.cinnabar.torture.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/**
 * The checker of the kill torture must reject every state a kill may not leave: these tests build such states
 * on purpose (a reported commit's quad missing, part of the in-flight transaction, a quad of no transaction, a
 * damaged segment, a term with two ids) and the two states it must accept.
 */
class KillCheckTest {

    private static final long SEED = 20261122L;

    @TempDir
    Path dir;

    private Path store;
    private Path work;
    private final WorkloadPlan plan = new WorkloadPlan(SEED);
    /** The model after operations 0..{@link #inFlight} - 1 ("reported"), and a committing operation after them. */
    private final Set<Quad> reported = new HashSet<>();
    private Operation inFlight;
    private Set<Quad> withInFlight;

    @BeforeEach
    void runReportedOperations() throws IOException {
        store = dir.resolve("store");
        work = dir.resolve("work");
        Files.createDirectories(work);
        long next = 40;
        try (QuadStore quads = QuadStore.open(store, KillWorkload.options())) {
            StoreFixture.runOperations(quads, plan, 0, next, work, reported);
            // The in-flight operation: the first later transaction that adds and removes at least two quads.
            while (true) {
                Operation op = plan.operation(next);
                Set<Quad> after = new HashSet<>(reported);
                op.applyTo(after);
                if (op.kind() == Operation.Kind.TRANSACTION && difference(reported, after).size() >= 2) {
                    inFlight = op;
                    withInFlight = after;
                    break;
                }
                KillWorkload.run(quads, op, work, StoreFixture.SILENT);
                op.applyTo(reported);
                next++;
            }
        }
    }

    @Test
    void theStateOfTheLastReportedCommitPasses() {
        KillCheck.Result result = check();
        assertEquals(KillCheck.Outcome.REPORTED, result.outcome(), result.problems().toString());
        assertEquals(List.of(), result.problems());
        assertEquals(reported.size(), result.quads());
    }

    @Test
    void theWholeInFlightOperationPasses() throws IOException {
        try (QuadStore quads = QuadStore.open(store, KillWorkload.options())) {
            KillWorkload.run(quads, inFlight, work, StoreFixture.SILENT);
        }
        KillCheck.Result result = check();
        assertEquals(KillCheck.Outcome.WITH_IN_FLIGHT, result.outcome(), result.problems().toString());
        assertEquals(withInFlight.size(), result.quads());
    }

    @Test
    void aMissingQuadOfAReportedCommitIsReportedAsLost() throws IOException {
        Quad victim = reported.stream().filter(q -> withInFlight.contains(q)).findFirst().orElseThrow();
        commit(List.of(victim), List.of());
        KillCheck.Result result = check();
        assertEquals(KillCheck.Outcome.LOST, result.outcome());
        assertTrue(result.problems().get(0).contains("1 quads of reported commits are missing"),
            result.problems().toString());
        assertTrue(result.problems().get(0).contains(victim.toString()), result.problems().toString());
    }

    @Test
    void partOfTheInFlightTransactionIsReportedAsWrong() throws IOException {
        List<Quad> changed = new ArrayList<>(difference(reported, withInFlight));
        Quad first = changed.get(0);
        if (withInFlight.contains(first)) {
            commit(List.of(), List.of(first));
        } else {
            commit(List.of(first), List.of());
        }
        KillCheck.Result result = check();
        assertEquals(KillCheck.Outcome.WRONG, result.outcome());
        assertTrue(result.problems().get(0).contains("part of the in-flight operation"),
            result.problems().toString());
    }

    @Test
    void aQuadOfNoTransactionIsReportedAsWrong() throws IOException {
        Quad foreign = Quad.of(new Iri("http://elsewhere.org/s"), new Iri("http://elsewhere.org/p"),
            Literal.of("never added"));
        commit(List.of(), List.of(foreign));
        KillCheck.Result result = check();
        assertEquals(KillCheck.Outcome.WRONG, result.outcome());
        assertTrue(result.problems().get(0).contains("neither the last reported commit nor the in-flight"),
            result.problems().toString());
        assertTrue(result.problems().get(0).contains("never added"), result.problems().toString());
    }

    @Test
    void aStoreWithADamagedSegmentIsReported() throws IOException {
        try (QuadStore quads = QuadStore.open(store, KillWorkload.options())) {
            quads.compact();
        }
        Path segment;
        try (Stream<Path> files = Files.list(store)) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, 200);
            one.flip();
            one.put(0, (byte) (one.get(0) ^ 0x5A));
            channel.write(one, 200);
        }
        KillCheck.Result result = check();
        assertFalse(result.ok());
        assertTrue(result.problems().stream().anyMatch(p -> p.contains(segment.getFileName().toString())),
            result.problems().toString());
    }

    @Test
    void aTermWithTwoIdsIsReportedWhicheverIdItsLookupGives() {
        Term alice = new Iri("http://example.org/alice");
        Term bob = new Iri("http://example.org/bob");
        Map<Long, Term> byId = Map.of(1L, alice, 2L, bob, 3L, alice);
        for (long lookedUp : new long[] {1, 3}) {
            List<String> problems = KillCheck.atomProblems(3, byId::get,
                term -> term.equals(alice) ? lookedUp : term.equals(bob) ? 2 : -1);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("has two ids"), problems.get(0));
        }
        assertEquals(List.of(), KillCheck.atomProblems(2, byId::get, term -> term.equals(alice) ? 1 : 2));
    }

    @Test
    void anAtomThatDoesNotDecodeIsReported() {
        List<String> problems = KillCheck.atomProblems(2, id -> {
            if (id == 2) {
                throw new IllegalArgumentException("bad kind byte");
            }
            return new Iri("http://example.org/a");
        }, term -> 1);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("atom 2 does not decode"), problems.get(0));
    }

    private KillCheck.Result check() {
        return KillCheck.check(store, KillWorkload.options().withAutoCompaction(false), reported, withInFlight);
    }

    /** Commits one transaction of removes and adds straight into the store: a state no kill may leave. */
    private void commit(List<Quad> removes, List<Quad> adds) throws IOException {
        try (QuadStore quads = QuadStore.open(store, KillWorkload.options());
             WriteTxn txn = quads.beginWrite()) {
            for (Quad quad : removes) {
                txn.remove(quad);
            }
            for (Quad quad : adds) {
                txn.add(quad);
            }
            txn.commit();
        }
    }

    private static Set<Quad> difference(Set<Quad> a, Set<Quad> b) {
        Set<Quad> out = new HashSet<>(a);
        out.removeAll(b);
        Set<Quad> added = new HashSet<>(b);
        added.removeAll(a);
        out.addAll(added);
        return out;
    }
}
