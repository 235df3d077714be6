package dev.cinnabar.torture.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.term.Iri;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.WriteTxn;
import dev.cinnabar.storage.StorageIo;
import dev.cinnabar.torture.fault.FaultIo.Call;
import dev.cinnabar.torture.fault.FaultIo.Fault;
import dev.cinnabar.torture.fault.FaultScript.Context;
import dev.cinnabar.torture.fault.FaultScript.Step;

/**
 * Injects each fault at each call of its kind in turn. A counting run of {@link FaultScript} finds how many calls
 * of each kind the script makes (and from where); then for every kind and call index the script runs again on a
 * new store with that one call failing, and the outcome is checked:
 * <ul>
 * <li>the failure surfaces as an {@link IOException} whose message names the file (or is absorbed, where the
 * store only tidies up);
 * <li>in memory, a read transaction sees exactly the last acknowledged commit, and the snapshots a
 * {@link LockstepReader} opened before the last steps (and held across them) still read exactly their commits; with
 * them closed, the store closes;
 * <li>with the fault gone, the same store instance commits again ({@code CONTINUE}), or it is closed at once
 * ({@code REOPEN}); either way a reopen with the plain file system finds the last acknowledged commit (plus the
 * new one), passes {@code verify()}, and commits again.
 * </ul>
 * A reopen right after the failure may instead find the failed commit itself, when the failing call came after
 * its bytes reached the files (a failed fsync or directory fsync): the ambiguity ADR-003 and ADR-008 describe.
 * Such outcomes are counted, not failed.
 */
final class FaultRun {

    /** What happens after the fault, before the reopen. */
    enum Variant { CONTINUE, REOPEN }

    private static final Quad RECOVERY = new Quad(new Iri("http://example.org/after-fault"),
        new Iri("http://example.org/after-fault/s"), new Iri("http://example.org/after-fault/p"),
        Literal.of("committed after the fault"));

    /** Counts of one fault kind. */
    static final class Tally {
        int calls;
        int sites;
        int injected;
        int surfaced;
        int absorbed;
        int notReached;
        int failedCommitOnDisk;
    }

    record Result(Map<Fault, Tally> tallies, Map<Call, Set<String>> sites, int runs, long snapshotChecks,
        List<String> failures) {

        String table() {
            StringBuilder out = new StringBuilder(String.format("%-22s %6s %6s %9s %9s %9s %11s %15s%n", "fault",
                "calls", "sites", "injected", "surfaced", "absorbed", "notReached", "failedOnDisk"));
            tallies.forEach((fault, t) -> out.append(String.format("%-22s %6d %6d %9d %9d %9d %11d %15d%n", fault,
                t.calls, t.sites, t.injected, t.surfaced, t.absorbed, t.notReached, t.failedCommitOnDisk)));
            return out.toString();
        }
    }

    private final Path workDir;
    private final long seed;
    private final List<String> failures = new ArrayList<>();
    private final LockstepReader reader = new LockstepReader();
    private int runs;

    FaultRun(Path workDir, long seed) {
        this.workDir = workDir;
        this.seed = seed;
    }

    /** Counts, then injects every fault at every call index, with both variants. */
    Result run(long deadlineNanos, int maxFailures) throws IOException {
        FaultIo counter = new FaultIo(true);
        Context counted = new Context(fresh("count"), workDir.resolve("scratch"), counter);
        for (Step step : FaultScript.steps(seed)) {
            checkSnapshots(readBefore(step, counted), "seed " + seed + ", the run without faults");
            step.action().run(counted);
        }
        Map<Call, Set<String>> sites = new EnumMap<>(Call.class);
        Map<Fault, Tally> tallies = new EnumMap<>(Fault.class);
        for (Call call : Call.values()) {
            sites.put(call, counter.sites(call));
        }
        for (Fault fault : Fault.values()) {
            Tally tally = new Tally();
            tally.calls = counter.count(fault.call);
            tally.sites = sites.get(fault.call).size();
            tallies.put(fault, tally);
        }
        outer:
        for (Fault fault : Fault.values()) {
            for (int index = 1; index <= tallies.get(fault).calls; index++) {
                for (Variant variant : Variant.values()) {
                    if (System.nanoTime() > deadlineNanos || failures.size() >= maxFailures) {
                        break outer;
                    }
                    injectOnce(fault, index, variant, tallies.get(fault));
                }
            }
        }
        long snapshotChecks = reader.checks();
        reader.shutdown();
        return new Result(tallies, sites, runs, snapshotChecks, List.copyOf(failures));
    }

    /**
     * Before {@code step}: the reader closes its snapshots if the step closes the store (which waits for them), else
     * opens one more on the last acknowledged commit; returns what is wrong with the open ones.
     */
    private List<String> readBefore(Step step, Context c) {
        if (step.name().startsWith("close")) {
            reader.closeAll();
        } else if (c.store != null) {
            reader.open(c.store, c.acknowledged, step.name());
            return reader.check();
        }
        return List.of();
    }

    private void checkSnapshots(List<String> problems, String where) {
        for (String problem : problems) {
            fail(where + ": " + problem, null);
        }
    }

    private Path fresh(String name) throws IOException {
        Path dir = workDir.resolve(name);
        deleteTree(dir);
        return dir;
    }

    private void injectOnce(Fault fault, int index, Variant variant, Tally tally) throws IOException {
        runs++;
        FaultIo io = new FaultIo(false);
        io.arm(fault, index);
        Context c = new Context(fresh("run"), workDir.resolve("scratch"), io);
        String where = "seed " + seed + ", " + fault + " at call " + index + " of " + tally.calls + ", " + variant;
        List<Step> steps = FaultScript.steps(seed);
        IOException surfaced = null;
        String failedStep = null;
        for (Step step : steps) {
            c.attempted = c.acknowledged;
            try {
                checkSnapshots(readBefore(step, c), where + ", before step '" + step.name() + "'");
                step.action().run(c);
            } catch (IOException e) {
                surfaced = e;
                failedStep = step.name();
                break;
            } catch (RuntimeException | Error e) {
                fail(where + ": step '" + step.name() + "' failed with " + e + " instead of an IOException", e);
                reader.closeAll();
                closeQuietly(c.store);
                return;
            }
        }
        io.disarm();
        if (c.store != null) {
            // A fault in the writer leaves the open snapshots, and a new one, reading their commits.
            reader.open(c.store, c.acknowledged, "the check after the fault");
            checkSnapshots(reader.check(), where + (failedStep == null ? "" : ", after step '" + failedStep + "'"));
        }
        reader.closeAll();
        if (io.fired() == 0) {
            tally.notReached++;
            closeQuietly(c.store);
            return;
        }
        tally.injected++;
        if (surfaced == null) {
            tally.absorbed++; // a tidying call (a leftover's delete) failed quietly; the final state must still hold
            reopenAndCheck(c, Set.of(c.acknowledged), where + " (absorbed)", tally, false);
            return;
        }
        tally.surfaced++;
        where += ", in step '" + failedStep + "'";
        String fileName = String.valueOf(io.failedFile().getFileName());
        if (surfaced.getMessage() == null || !surfaced.getMessage().contains(fileName)) {
            fail(where + ": the exception does not name " + fileName + ": " + surfaced, surfaced);
        }
        if (c.store != null) {
            Set<Quad> inMemory;
            try {
                inMemory = readAll(c.store);
            } catch (RuntimeException e) {
                fail(where + ": the store cannot be read after the failure: " + e, e);
                closeQuietly(c.store);
                return;
            }
            if (!inMemory.equals(c.acknowledged)) {
                fail(where + ": in memory, not the last acknowledged commit: " + difference(inMemory, c.acknowledged),
                    null);
            }
        }
        Set<Set<Quad>> allowed = new HashSet<>();
        allowed.add(c.acknowledged);
        if (c.store != null && variant == Variant.CONTINUE) {
            try {
                commitRecovery(c.store, c);
                c.store.close();
            } catch (IOException | RuntimeException e) {
                fail(where + ": with the fault gone, the same store does not commit and close: " + e, e);
                closeQuietly(c.store);
                return;
            }
            allowed = Set.of(c.acknowledged);
        } else {
            if (c.store != null) {
                try {
                    c.store.close();
                } catch (IOException | RuntimeException e) {
                    fail(where + ": with the fault gone, the store does not close: " + e, e);
                    return;
                }
            }
            allowed.add(c.attempted);
        }
        c.store = null;
        reopenAndCheck(c, allowed, where, tally, variant == Variant.REOPEN);
    }

    /** Reopens with the plain file system: one of {@code allowed}, verify() clean, and it commits again. */
    private void reopenAndCheck(Context c, Set<Set<Quad>> allowed, String where, Tally tally, boolean commitAfter) {
        closeQuietly(c.store);
        Context plain = new Context(c.directory, c.scratch, StorageIo.system());
        try (QuadStore store = QuadStore.open(plain.directory, plain.options)) {
            Set<Quad> found = readAll(store);
            if (!allowed.contains(found)) {
                fail(where + ": on disk, not the last acknowledged commit: " + difference(found, c.acknowledged),
                    null);
                return;
            }
            if (!found.equals(c.acknowledged)) {
                tally.failedCommitOnDisk++;
            }
            store.verify();
            plain.acknowledged = found;
            if (commitAfter) {
                commitRecovery(store, plain);
            }
        } catch (IOException | RuntimeException e) {
            fail(where + ": does not reopen, verify and commit with the plain file system: " + e, e);
            return;
        }
        if (commitAfter) {
            try (QuadStore store = QuadStore.open(plain.directory, plain.options)) {
                Set<Quad> found = readAll(store);
                if (!found.equals(plain.acknowledged)) {
                    fail(where + ": the commit after recovery is not there after a reopen: "
                        + difference(found, plain.acknowledged), null);
                }
            } catch (IOException | RuntimeException e) {
                fail(where + ": does not reopen after the commit that followed recovery: " + e, e);
            }
        }
    }

    private static void commitRecovery(QuadStore store, Context c) throws IOException {
        Set<Quad> next = new HashSet<>(c.acknowledged);
        next.add(RECOVERY);
        try (WriteTxn txn = store.beginWrite()) {
            txn.add(RECOVERY);
            txn.commit();
        }
        c.acknowledged = Set.copyOf(next);
        Set<Quad> now = readAll(store);
        if (!now.equals(c.acknowledged)) {
            throw new IllegalStateException("after the recovery commit: " + difference(now, c.acknowledged));
        }
    }

    private void fail(String message, Throwable cause) {
        StringBuilder text = new StringBuilder(message);
        for (Throwable t = cause == null ? null : cause.getCause(); t != null; t = t.getCause()) {
            text.append(" / caused by ").append(t);
        }
        failures.add(text.toString());
    }

    static Set<Quad> readAll(QuadStore store) {
        try (ReadTxn read = store.beginRead()) {
            return readAll(read);
        }
    }

    static Set<Quad> readAll(QuadReader reader) {
        try (Stream<Quad> all = reader.match(null, null, null, null)) {
            return all.collect(Collectors.toSet());
        }
    }

    static String difference(Set<Quad> found, Set<Quad> expected) {
        long missing = expected.stream().filter(q -> !found.contains(q)).count();
        long extra = found.stream().filter(q -> !expected.contains(q)).count();
        return found.size() + " quads, " + missing + " missing and " + extra + " extra against " + expected.size();
    }

    private static void closeQuietly(QuadStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (IOException | RuntimeException e) {
                // the check that follows reports what matters
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
