package dev.cinnabar.rdf4j;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.rdf4j.sail.SailException;

/**
 * The one thread that touches a connection's store transactions. A {@code ReadTxn} or {@code WriteTxn} belongs to the
 * thread that began it (ADR-014; the writer lock is a thread's lock), but RDF4J lets one connection be used by
 * several threads in turn (SailConcurrencyTest begins on one thread, adds on another and commits on a third) and
 * closes abandoned connections from the thread that shuts the sail down. So every store call of a connection runs
 * here, and the calling thread waits for it.
 *
 * <p>The wait is not interruptible: a store call that has started finishes (they are short, except the bounded wait
 * for the writer), so the transaction never ends half applied; the caller's interrupt flag is set again afterwards,
 * which is how an interrupted query loop (SailInterruptTest) still sees it.
 */
final class OwnerThread {

    private final ExecutorService executor;
    private volatile Thread thread;
    /** Whether this thread is in an {@link #interruptibly} section; guarded by {@code this}. */
    private boolean interruptible;

    OwnerThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread created = new Thread(task, name);
            created.setDaemon(true); // an abandoned connection must not keep the JVM alive
            thread = created;
            return created;
        });
    }

    /** Runs {@code task} on this thread and returns its result; its exceptions come back as they are thrown. */
    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return direct(task);
        }
        return await(submit(task));
    }

    /** Starts {@code task} on this thread without waiting: a bulk load that the calling thread feeds meanwhile. */
    <T> Future<T> submit(Callable<T> task) {
        try {
            return executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new SailException("the connection is closed", e);
        }
    }

    /** Waits for a task {@link #submit submitted} here, as {@link #call} does, and returns its result. */
    <T> T await(Future<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    interruptIfInterruptible();
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #call} for a task without a result. */
    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /**
     * Runs {@code task}, on this thread, as the one part of its work that an interrupt of the waiting caller may cut
     * short (the wait for the single writer: a connection that RDF4J force-closes must not wait its whole timeout).
     * Everything else is shielded: an interrupt reaching a thread in a {@code FileChannel} write closes the channel.
     * The interrupt flag is cleared before the section ends, so no later store call sees it.
     */
    <T> T interruptibly(Callable<T> task) throws Exception {
        assert Thread.currentThread() == thread;
        synchronized (this) {
            interruptible = true;
        }
        try {
            return task.call();
        } finally {
            synchronized (this) {
                interruptible = false;
                Thread.interrupted();
            }
        }
    }

    private synchronized void interruptIfInterruptible() {
        if (interruptible) {
            thread.interrupt();
        }
    }

    /** Stops the thread once the tasks already given to it are done. */
    void shutdown() {
        executor.shutdown();
    }

    private static <T> T direct(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof IOException) {
            return new SailException(cause.getMessage(), cause);
        }
        return new SailException(cause);
    }
}
