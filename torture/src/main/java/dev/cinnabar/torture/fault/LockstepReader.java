package dev.cinnabar.torture.fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;
import dev.cinnabar.quadstore.term.Quad;

/**
 * A reader thread that the fault script drives between its steps: it opens a snapshot before each step and keeps
 * the last {@value #HELD} open, across commits, the checkpoint, the bulk load and the compaction, checking each
 * still reads exactly the commit it began at. It moves in lockstep with the script because the last release of a
 * snapshot may delete a retired segment: so every run makes the same I/O calls in the same order, and a call index
 * names the same call in every run.
 */
final class LockstepReader {

    static final int HELD = 3;

    /** An open snapshot and the commit it must show. */
    private record Held(ReadTxn txn, long sequence, Set<Quad> expected, String openedBefore) {
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread reader = new Thread(task, "fault snapshot reader");
        reader.setDaemon(true);
        return reader;
    });
    private final Deque<Held> held = new ArrayDeque<>();
    /** Snapshot checks made; only the reader thread writes it, read after a task returned. */
    private long checks;

    /** Opens a snapshot of {@code store}, which holds {@code expected} now; closes the oldest beyond {@value #HELD}. */
    void open(QuadStore store, Set<Quad> expected, String step) {
        call(() -> {
            ReadTxn txn = store.beginRead();
            held.addLast(new Held(txn, txn.commitSequence(), expected, step));
            while (held.size() > HELD) {
                held.removeFirst().txn().close();
            }
            return null;
        });
    }

    /** What is wrong with the open snapshots: each must still read its commit, whole and alone, and count it. */
    List<String> check() {
        return call(() -> {
            List<String> problems = new ArrayList<>();
            for (Held snapshot : held) {
                String which = "the snapshot opened before '" + snapshot.openedBefore() + "'";
                try {
                    Set<Quad> found = FaultRun.readAll(snapshot.txn());
                    long counted = snapshot.txn().count(null, null, null, null);
                    if (snapshot.txn().commitSequence() != snapshot.sequence()) {
                        problems.add(which + " moved from commit " + snapshot.sequence() + " to "
                            + snapshot.txn().commitSequence());
                    } else if (!found.equals(snapshot.expected())) {
                        problems.add(which + " no longer reads its commit: "
                            + FaultRun.difference(found, snapshot.expected()));
                    } else if (counted != found.size()) {
                        problems.add(which + " counts " + counted + " quads but holds " + found.size());
                    }
                } catch (RuntimeException e) {
                    problems.add(which + " cannot be read: " + e);
                }
                checks++;
            }
            return problems;
        });
    }

    /** Closes every snapshot: the store's close waits for them. */
    void closeAll() {
        call(() -> {
            while (!held.isEmpty()) {
                held.removeFirst().txn().close();
            }
            return null;
        });
    }

    long checks() {
        return call(() -> checks);
    }

    void shutdown() {
        closeAll();
        thread.shutdown();
    }

    private <T> T call(Callable<T> task) {
        Future<T> result = thread.submit(task);
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the snapshot reader failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the snapshot reader is stuck (60 s)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the snapshot reader", e);
        }
    }
}
