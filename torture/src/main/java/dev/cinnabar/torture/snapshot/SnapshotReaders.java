package dev.cinnabar.torture.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.ReadTxn;

/**
 * Reader threads that run beside a torture workload: each opens snapshots again and again, keeps some open across
 * several commits (and the checkpoints and compactions between them), and checks every snapshot against the
 * {@link CommitLedger}: a full scan must match the fingerprint recorded for its commit sequence (so it saw all of a
 * commit or none), {@code count} must agree, and the same scan after the hold must give the same answer.
 *
 * <p>Failures are collected (and passed to a listener at once); {@link #stop()} stops the threads and returns them,
 * together with a reader that died or did not stop, so none goes unnoticed.
 */
public final class SnapshotReaders {

    /**
     * A reader rests this many times as long as its last snapshot's reads took: on a large store the scans would
     * otherwise take the writer's cores (two readers then use at most 2/5 of one core).
     */
    private static final int REST_PER_READ = 4;

    /** How long a reader waits for the writer to record a commit it saw, before it calls the snapshot unknown. */
    private static final long RECORD_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * @param readers   reader threads
     * @param maxHold   a snapshot is held until the ledger moved on by 0 to this many commits ...
     * @param holdNanos ... or this long at most
     * @param pauseNanos the least pause between two snapshots of a reader
     */
    public record Settings(int readers, int maxHold, long holdNanos, long pauseNanos) {
    }

    /** Counts of a run: snapshots checked, those held across at least one commit and across maintenance. */
    public record Counts(long checked, long heldAcrossCommits, long heldAcrossMaintenance) {
        @Override
        public String toString() {
            return checked + " snapshots checked (" + heldAcrossCommits + " held across commits, "
                + heldAcrossMaintenance + " across a checkpoint or compaction)";
        }
    }

    private final CommitLedger ledger;
    private final Settings settings;
    private final Consumer<String> onFailure;
    private final List<String> failures = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Readers hold it (shared) while a snapshot is open; {@link #detach()} takes it to wait until none is. */
    private final ReentrantReadWriteLock attachment = new ReentrantReadWriteLock(true);
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong acrossCommits = new AtomicLong();
    private final AtomicLong acrossMaintenance = new AtomicLong();
    private volatile QuadStore store;
    private volatile boolean detaching;
    private volatile boolean stopping;

    private SnapshotReaders(CommitLedger ledger, Settings settings, Consumer<String> onFailure) {
        this.ledger = ledger;
        this.settings = settings;
        this.onFailure = onFailure;
    }

    /** Starts {@code settings.readers()} threads reading {@code store}, seeded by {@code seed}. */
    public static SnapshotReaders start(QuadStore store, CommitLedger ledger, Settings settings, long seed,
        Consumer<String> onFailure) {
        SnapshotReaders readers = new SnapshotReaders(ledger, settings, onFailure);
        readers.store = store;
        for (int i = 0; i < settings.readers(); i++) {
            SplittableRandom random = new SplittableRandom(seed + i);
            Thread thread = new Thread(() -> readers.loop(random), "snapshot reader " + i);
            thread.setDaemon(true); // a killed or failed workload must not wait for its readers
            readers.threads.add(thread);
            thread.start();
        }
        return readers;
    }

    /** Closes every snapshot and stops opening new ones: the store can then close, or its writer may fail it. */
    public void detach() {
        detaching = true;
        attachment.writeLock().lock();
        try {
            store = null;
        } finally {
            attachment.writeLock().unlock();
            detaching = false;
        }
    }

    /** Reads {@code reopened} from now on. */
    public void attach(QuadStore reopened) {
        store = reopened;
    }

    public Counts counts() {
        return new Counts(checked.get(), acrossCommits.get(), acrossMaintenance.get());
    }

    /** The failures so far. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /**
     * Stops the readers, which close their snapshots (so the store can close after it), and returns every failure,
     * a reader that did not stop included.
     */
    public List<String> stop() {
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                fail(thread.getName() + " did not stop within 30 s (stuck in a read?)");
            }
        }
        return failures();
    }

    private void loop(SplittableRandom random) {
        try {
            while (!stopping) {
                long readNanos = 0;
                attachment.readLock().lock();
                try {
                    QuadStore reading = store;
                    if (reading != null) {
                        readNanos = readOne(reading, random);
                    }
                } finally {
                    attachment.readLock().unlock();
                }
                LockSupport.parkNanos(Math.max(settings.pauseNanos(), REST_PER_READ * readNanos));
            }
        } catch (Throwable e) {
            StringBuilder text = new StringBuilder(Thread.currentThread().getName() + " died: " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().startsWith("dev.cinnabar")) {
                    text.append(" at ").append(frame);
                    break;
                }
            }
            fail(text.toString());
        }
    }

    /**
     * One snapshot: scan, hold while the writer goes on, scan again, check both against the ledger. Returns the
     * nanoseconds its reads took.
     */
    private long readOne(QuadStore reading, SplittableRandom random) {
        try (ReadTxn snapshot = reading.beginRead()) {
            long sequence = snapshot.commitSequence();
            long maintenanceBefore = ledger.maintenanceCount();
            long started = System.nanoTime();
            Fingerprint first = Fingerprint.scan(snapshot);
            long readNanos = System.nanoTime() - started;
            long hold = random.nextInt(settings.maxHold() + 1);
            long until = System.nanoTime() + settings.holdNanos();
            long latestBefore = ledger.latest();
            while (hold > 0 && ledger.latest() < sequence + hold && System.nanoTime() < until && !detaching
                && !stopping) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            started = System.nanoTime();
            Fingerprint again = Fingerprint.scan(snapshot);
            long counted = snapshot.count(null, null, null, null);
            readNanos += System.nanoTime() - started;
            Fingerprint recorded = ledger.await(sequence, RECORD_WAIT_NANOS);
            String where = "the snapshot of commit " + sequence + " of " + reading.directory();
            if (!again.equals(first)) {
                fail(where + " is not repeatable: first " + first + ", then " + again);
            } else if (recorded == null) {
                fail(where + " shows " + first + ", but the workload never acknowledged that commit");
            } else if (!first.equals(recorded)) {
                fail(where + " shows " + first + ", but that commit holds " + recorded
                    + ": it sees part of a commit, or another commit");
            } else if (counted != first.quads()) {
                fail(where + " counts " + counted + " quads but holds " + first.quads());
            }
            checked.incrementAndGet();
            if (ledger.latest() > Math.max(sequence, latestBefore)) {
                acrossCommits.incrementAndGet();
            }
            if (ledger.maintenanceCount() > maintenanceBefore) {
                acrossMaintenance.incrementAndGet();
            }
            return readNanos;
        }
    }

    private void fail(String message) {
        synchronized (failures) {
            failures.add(message);
        }
        onFailure.accept(message);
    }
}
