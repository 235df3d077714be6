package dev.cinnabar.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.cinnabar.quadstore.BulkLoadOptions;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a load on standard error: a bar over the input bytes with quads/s and ETA on a terminal, a plain line
 * every few seconds otherwise (logs, CI). {@link #update} is called by the loader's parser thread.
 */
abstract class LoadProgress implements BulkLoadOptions.Progress, AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** A bar on a terminal, plain lines otherwise. */
        auto,
        /** Always the bar. */
        bar,
        /** Always plain lines. */
        plain,
        /** Nothing. */
        none
    }

    final long started = System.nanoTime();
    volatile long bytesRead;
    volatile long statements;

    @Override
    public void update(long bytesRead, long bytesTotal, long statements) {
        this.bytesRead = bytesRead;
        this.statements = statements;
        updated();
    }

    void updated() {
    }

    @Override
    public abstract void close();

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    static LoadProgress start(Mode mode, long totalBytes, PrintStream err, long intervalMillis) {
        Mode chosen = mode == Mode.auto ? (onTerminal() ? Mode.bar : Mode.plain) : mode;
        return switch (chosen) {
            case bar -> new Bar(totalBytes, err);
            case plain -> new Plain(totalBytes, err, intervalMillis);
            default -> new None();
        };
    }

    /**
     * Whether the user watches a terminal: {@code System.console()} is non-null, and on JDK 22 and later (where it is
     * non-null also when redirected) {@code Console.isTerminal()} says so.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17 to 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static final class None extends LoadProgress {
        @Override
        public void close() {
        }
    }

    /** A progress bar over input bytes (MiB), with MiB/s, ETA and the quads parsed and quads/s as its message. */
    private static final class Bar extends LoadProgress {
        private final ProgressBar bar;
        private final long totalBytes;

        Bar(long totalBytes, PrintStream err) {
            this.totalBytes = Math.max(1, totalBytes);
            this.bar = new ProgressBarBuilder()
                .setTaskName("Loading")
                .setInitialMax(this.totalBytes)
                .setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
        }

        /** Kept short, since the bar gets what the terminal width leaves: "1.32M quads, 518K quads/s". */
        @Override
        void updated() {
            long bytes = bytesRead;
            long quads = statements;
            bar.stepTo(Math.min(bytes, totalBytes));
            bar.setExtraMessage(bytes >= totalBytes
                ? Format.compact(quads) + " quads; sorting, committing"
                : Format.compact(quads) + " quads, " + Format.compact(quads / Math.max(1e-3, elapsedSeconds()))
                    + " quads/s");
        }

        @Override
        public void close() {
            bar.setExtraMessage(Format.compact(statements) + " quads");
            bar.close();
        }
    }

    /** A line every few seconds: bytes read of the total, statements, rate and ETA. */
    private static final class Plain extends LoadProgress {
        private final ScheduledExecutorService timer;
        private final long totalBytes;
        private final PrintStream err;

        Plain(long totalBytes, PrintStream err, long intervalMillis) {
            this.totalBytes = totalBytes;
            this.err = err;
            this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "cinnabar-load-progress");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleAtFixedRate(this::print, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }

        private void print() {
            long bytes = bytesRead;
            long quads = statements;
            double seconds = elapsedSeconds();
            String rate = Format.rate(quads / Math.max(1e-3, seconds)) + " quads/s";
            if (bytes >= totalBytes) {
                err.println("load: " + Format.bytes(bytes) + " read, " + Format.count(quads) + " quads parsed ("
                    + rate + "); sorting and committing, " + Format.clock((long) seconds) + " elapsed");
                return;
            }
            String eta = bytes == 0 ? "?" : Format.clock((long) ((totalBytes - bytes) * seconds / bytes));
            err.println(String.format(Locale.ROOT, "load: %s of %s (%.0f%%), %s quads, %s, ETA %s",
                Format.bytes(bytes), Format.bytes(totalBytes), 100.0 * bytes / Math.max(1, totalBytes),
                Format.count(quads), rate, eta));
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
