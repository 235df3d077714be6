package dev.cinnabar.benchmarks.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread that repeats one operation (a long query, a write) until stopped, and records each run's interval. Its
 * failure is kept and rethrown by {@link #finish()}, so a helper that dies fails the report instead of quietly
 * removing the interference.
 */
final class Helper {

    /** One operation of a helper; {@code run} is its sequence number from 0. */
    interface Operation {
        void run(long run) throws Exception;
    }

    private final String name;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<long[]> intervals = new ArrayList<>();
    private volatile boolean stop;
    private volatile Throwable failure;

    private Helper(String name, long maxRuns, Operation operation) {
        this.name = name;
        this.thread = new Thread(() -> {
            try {
                for (long run = 0; run < maxRuns && !stop; run++) {
                    long t0 = System.nanoTime();
                    if (run == 0) {
                        started.countDown();
                    }
                    operation.run(run);
                    long t1 = System.nanoTime();
                    synchronized (intervals) {
                        intervals.add(new long[] {t0, t1});
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                started.countDown();
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts a helper that runs {@code operation} until {@link #finish()} or {@code maxRuns} runs. */
    static Helper start(String name, long maxRuns, Operation operation) throws InterruptedException {
        Helper helper = new Helper(name, maxRuns, operation);
        helper.thread.start();
        helper.started.await();
        helper.check();
        return helper;
    }

    /** Whether the helper is still running its operations. */
    boolean running() {
        return thread.isAlive();
    }

    /** Throws if the helper has died. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("helper thread '" + name + "' died: " + failure, failure);
        }
    }

    /** Stops after the current run, waits for it, and throws if the helper failed. */
    void finish() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.MINUTES.toMillis(15));
        if (thread.isAlive()) {
            throw new IllegalStateException("helper thread '" + name + "' did not finish within 15 minutes");
        }
        check();
    }

    /** The completed runs' [start, end] nanoTime intervals. */
    List<long[]> intervals() {
        synchronized (intervals) {
            return List.copyOf(intervals);
        }
    }

    /** The fraction of the recorded operations whose interval intersects one of this helper's runs. */
    double overlap(Latencies ops) {
        List<long[]> runs = intervals(); // in order, not overlapping: one thread
        int hit = 0;
        for (int i = 0; i < ops.count(); i++) {
            long s = ops.start(i);
            long e = ops.end(i);
            int lo = 0;
            int hi = runs.size() - 1;
            int last = -1; // the last run that started at or before e
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (runs.get(mid)[0] <= e) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (last >= 0 && runs.get(last)[1] >= s) {
                hit++;
            }
        }
        return ops.count() == 0 ? 0 : (double) hit / ops.count();
    }
}
