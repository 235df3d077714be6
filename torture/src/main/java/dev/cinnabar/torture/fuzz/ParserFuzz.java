package dev.cinnabar.torture.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.cinnabar.quadstore.BulkLoadOptions;
import dev.cinnabar.quadstore.BulkLoadResult;
import dev.cinnabar.quadstore.QuadStore;
import dev.cinnabar.quadstore.QuadStoreStats;
import dev.cinnabar.quadstore.io.NQuadsParser;
import dev.cinnabar.quadstore.io.RdfSyntaxException;
import dev.cinnabar.quadstore.io.SyntaxErrorHandler;

/**
 * Fuzzes the N-Triples/N-Quads parser with hostile inputs ({@link Mutator}: mutated W3C test files and random
 * bytes), each parsed as both syntaxes, strictly and skipping bad lines, and every {@code bulkEvery}-th one also
 * bulk-loaded into a store, strictly and skipping.
 *
 * <p>Checks per input: a strict parse ends in success or an {@link RdfSyntaxException} naming the source, a line of
 * the input and a column; a skipping parse always succeeds, and agrees with the strict one (same statements when
 * the strict one succeeded, at least one skipped line when it failed); no other exception; each input within
 * {@value #INPUT_TIMEOUT_SECONDS} s (a worker thread with a timeout: over it is a hang); the bytes the parsing thread
 * allocates stay under {@link #allocationBound}: linear in the input and its lines plus the fixed buffers for the
 * line limit, so no line is buffered beyond {@code maxLineBytes}. A strict bulk load that fails leaves the store's
 * quads and atoms unchanged; a skipping one loads the statements the skipping parser delivers.
 *
 * <p>{@code java -jar torture.jar fuzz [--iterations N] [--seconds S] [--seed N] [--dir DIR]}: N inputs (default
 * 20000), stopping after S seconds; failing inputs are written to DIR (a temp directory if absent). Prints a summary
 * line; exits 1 on any failure.
 */
public final class ParserFuzz {

    /** The line limit under test: small, so that long runs and huge terms cross it often. */
    static final int MAX_LINE_BYTES = 8192;
    /** The term limit under test. */
    static final int MAX_TERM_BYTES = 2048;
    static final long INPUT_TIMEOUT_SECONDS = 30;
    /**
     * Inputs whose allocation is not checked: the first parses of each path load classes and fill caches (a
     * megabyte once), which says nothing about what a parse buffers.
     */
    static final int WARM_UP_INPUTS = 300;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Counts of a run. */
    static final class Report {
        long inputs;
        long inputBytes;
        long parses;
        long strictAccepted;
        long strictRejected;
        long skippedLines;
        long statements;
        long bulkLoads;
        long bulkStrictRejected;
        long maxAllocated;
        double worstAllocationShare;
        final List<String> failures = new ArrayList<>();

        String summary() {
            return String.format("fuzz: %d inputs (%.1f MB), %d parses: strict %d accepted, %d rejected; %d bad lines"
                    + " skipped, %d statements; %d bulk loads (%d strict ones rejected); max allocation per parse %d"
                    + " bytes, %.0f%% of its bound at worst; failures %d", inputs, inputBytes / 1e6, parses,
                strictAccepted, strictRejected, skippedLines, statements, bulkLoads, bulkStrictRejected,
                maxAllocated, 100 * worstAllocationShare, failures.size());
        }
    }

    private final Random random;
    private final Mutator mutator;
    private final Path dir;
    private final int bulkEvery;
    private final Report report = new Report();
    private volatile boolean warm;
    private ExecutorService worker = newWorker();
    private QuadStore store;

    private ParserFuzz(long seed, List<FuzzCorpus.Seed> seeds, Path dir, int bulkEvery) {
        this.random = new Random(seed);
        this.mutator = new Mutator(random, seeds, MAX_LINE_BYTES);
        this.dir = dir;
        this.bulkEvery = bulkEvery;
    }

    public static void main(String[] args) throws Exception {
        long iterations = 20_000;
        long seconds = 10L * 365 * 24 * 3600; // no limit unless given
        long seed = System.nanoTime();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: fuzz [--iterations N] [--seconds S] [--seed N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("cinnabar-fuzz");
        System.out.println("fuzz: seed " + seed + ", W3C tests " + FuzzCorpus.w3cDirectory().map(Path::toString)
            .orElse("not found (built-in seeds only)") + ", failing inputs go to " + root);
        long started = System.nanoTime();
        Report report = run(seed, iterations, seconds, 20, root, System.out);
        System.out.println(report.summary() + String.format(" (%.0f s, seed %d)",
            (System.nanoTime() - started) / 1e9, seed));
        System.exit(report.failures.isEmpty() ? 0 : 1);
    }

    /** Runs {@code iterations} inputs or for {@code seconds}, whichever ends first. */
    static Report run(long seed, long iterations, long seconds, int bulkEvery, Path dir, PrintStream log)
        throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ParserFuzz fuzz = new ParserFuzz(seed, FuzzCorpus.load(FuzzCorpus.w3cDirectory()), dir, bulkEvery);
        long started = System.nanoTime();
        long budget = TimeUnit.SECONDS.toNanos(seconds);
        try {
            for (long i = 0; i < iterations && System.nanoTime() - started < budget; i++) {
                Mutator.Input input = fuzz.mutator.mutate(fuzz.mutator.seed());
                fuzz.warm = i >= WARM_UP_INPUTS;
                fuzz.one(i, input, log);
                if ((i + 1) % 5000 == 0) {
                    log.println("fuzz: " + (i + 1) + " inputs, " + fuzz.report.failures.size() + " failures");
                }
            }
        } finally {
            fuzz.worker.shutdownNow();
            if (fuzz.store != null) {
                fuzz.store.close();
            }
        }
        return fuzz.report;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzz-parser");
            thread.setDaemon(true); // a hung parse must not keep the JVM alive
            return thread;
        });
    }

    private void one(long index, Mutator.Input input, PrintStream log) throws IOException, InterruptedException {
        report.inputs++;
        report.inputBytes += input.bytes().length;
        Future<List<String>> task = worker.submit(() -> {
            List<String> problems = new ArrayList<>();
            for (boolean quads : new boolean[] {input.quads(), !input.quads()}) {
                problems.addAll(parseBothWays(input.bytes(), quads));
            }
            return problems;
        });
        List<String> problems;
        try {
            problems = task.get(INPUT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the hung thread is a daemon and stays behind
            problems = List.of("no result within " + INPUT_TIMEOUT_SECONDS + " s (hang)");
        } catch (ExecutionException e) {
            problems = List.of("the fuzz harness failed: " + e.getCause());
        }
        if (problems.isEmpty() && bulkEvery > 0 && index % bulkEvery == 0) {
            problems = bulkLoad(index, input);
        }
        if (!problems.isEmpty()) {
            Path saved = dir.resolve("failure-" + index + (input.quads() ? ".nq" : ".nt"));
            Files.write(saved, input.bytes());
            String failure = "input " + index + " (" + input.how() + ", saved as " + saved + "): " + problems;
            report.failures.add(failure);
            log.println("FAILED " + failure);
        }
    }

    /** The bytes the current thread has allocated so far. */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * The most a parse of {@code bytes} with {@code errors} bad lines may allocate: the parser's input and scratch
     * buffers of one line each (twice, for a growth), a message and an exception per bad line, and an eighth of the
     * input for anything else. A parser that held a line past its limit, or copied the input, would pass it.
     */
    static long allocationBound(long bytes, long errors, int maxLineBytes) {
        return (1 << 16) + 4L * (maxLineBytes + 1) + 4096 * errors + bytes / 8;
    }

    private List<String> parseBothWays(byte[] bytes, boolean quads) {
        List<String> problems = new ArrayList<>();
        String syntax = quads ? "N-Quads" : "N-Triples";
        String source = "fuzz-input." + (quads ? "nq" : "nt");
        long lines = 1;
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                lines++;
            }
        }
        long[] delivered = {0};
        StatementCounter counter = new StatementCounter(delivered);

        long before = allocatedBytes();
        RdfSyntaxException strictError = null;
        long strictCount = -1;
        try {
            strictCount = new NQuadsParser(quads, MAX_LINE_BYTES, MAX_TERM_BYTES)
                .parse(new ByteArrayInputStream(bytes), source, counter, SyntaxErrorHandler.STRICT);
            report.strictAccepted++;
        } catch (RdfSyntaxException e) {
            strictError = e;
            report.strictRejected++;
            String place = e.getMessage();
            if (!place.contains(source) || e.line() < 1 || e.line() > lines || e.column() < 1
                || e.column() > MAX_LINE_BYTES + 1) {
                problems.add(syntax + " strict: error without a clear place (" + lines + " lines): " + place);
            }
        } catch (Throwable e) {
            problems.add(syntax + " strict: " + describe(e));
        }
        checkAllocation(problems, syntax + " strict", allocatedBytes() - before,
            allocationBound(bytes.length, strictError == null ? 0 : 1, MAX_LINE_BYTES),
            () -> allocationOfParse(bytes, quads, SyntaxErrorHandler.STRICT));
        report.parses++;
        long strictDelivered = delivered[0];

        delivered[0] = 0;
        before = allocatedBytes();
        NQuadsParser skipping = new NQuadsParser(quads, MAX_LINE_BYTES, MAX_TERM_BYTES);
        try {
            long count = skipping.parse(new ByteArrayInputStream(bytes), source, counter, SyntaxErrorHandler.SKIP);
            report.skippedLines += skipping.skippedLines();
            report.statements += count;
            if (strictError == null && strictCount >= 0 && (count != strictCount || skipping.skippedLines() != 0)) {
                problems.add(syntax + " skip: " + count + " statements and " + skipping.skippedLines()
                    + " skipped lines, but the strict parse accepted all " + strictCount);
            }
            if (strictError != null && (skipping.skippedLines() < 1 || count < strictDelivered)) {
                problems.add(syntax + " skip: " + count + " statements, " + skipping.skippedLines()
                    + " skipped, but the strict parse failed after " + strictDelivered + ": " + strictError);
            }
        } catch (Throwable e) {
            problems.add(syntax + " skip: " + describe(e));
        }
        checkAllocation(problems, syntax + " skip", allocatedBytes() - before,
            allocationBound(bytes.length, skipping.skippedLines(), MAX_LINE_BYTES),
            () -> allocationOfParse(bytes, quads, SyntaxErrorHandler.SKIP));
        report.parses++;
        return problems;
    }

    /** The bytes one more parse of {@code bytes} allocates in this thread. */
    private static long allocationOfParse(byte[] bytes, boolean quads, SyntaxErrorHandler errors) {
        long before = allocatedBytes();
        try {
            new NQuadsParser(quads, MAX_LINE_BYTES, MAX_TERM_BYTES).parse(new ByteArrayInputStream(bytes), "again",
                (s, p, o, g) -> { }, errors);
        } catch (IOException e) {
            // the first parse's outcome was checked; only the allocation counts here
        }
        return allocatedBytes() - before;
    }

    /**
     * Fails a parse that allocated more than {@code bound}, unless a repeat of it stays under: the first parse to
     * reach a rare path also pays for loading classes and linking its string concatenations, once per JVM.
     */
    private void checkAllocation(List<String> problems, String what, long allocated, long bound,
        java.util.function.LongSupplier repeat) {
        if (warm && allocated > bound) {
            allocated = repeat.getAsLong();
        }
        if (warm) {
            synchronized (report) {
                report.maxAllocated = Math.max(report.maxAllocated, allocated);
                report.worstAllocationShare = Math.max(report.worstAllocationShare, (double) allocated / bound);
            }
        }
        if (warm && allocated > bound) {
            problems.add(what + ": allocated " + allocated + " bytes, over the bound of " + bound);
        }
    }

    /** Loads the input into the fuzz store, strictly and then skipping bad lines. */
    private List<String> bulkLoad(long index, Mutator.Input input) throws IOException {
        List<String> problems = new ArrayList<>();
        if (store == null) {
            store = QuadStore.open(dir.resolve("store"));
        }
        Path file = dir.resolve("bulk-" + index + (input.quads() ? ".nq" : ".nt"));
        Files.write(file, input.bytes());
        BulkLoadOptions options = BulkLoadOptions.defaults().withMaxLineBytes(MAX_LINE_BYTES)
            .withMaxTermBytes(MAX_TERM_BYTES).withChunkQuads(4096);
        report.bulkLoads += 2;
        QuadStoreStats before = store.stats();
        try {
            store.bulkLoad(List.of(file), options);
        } catch (RdfSyntaxException e) {
            report.bulkStrictRejected++;
            QuadStoreStats after = store.stats();
            if (!e.getMessage().contains(file.getFileName().toString())) {
                problems.add("strict bulk load: error without the file: " + e.getMessage());
            }
            if (after.quads() != before.quads() || after.atoms() != before.atoms()) {
                problems.add("strict bulk load failed but changed the store: " + before + " -> " + after);
            }
        } catch (Throwable e) {
            problems.add("strict bulk load: " + describe(e));
        }
        NQuadsParser parser = new NQuadsParser(input.quads(), MAX_LINE_BYTES, MAX_TERM_BYTES);
        long expected = parser.parse(new ByteArrayInputStream(input.bytes()), "expected", (s, p, o, g) -> { },
            SyntaxErrorHandler.SKIP);
        try {
            BulkLoadResult result = store.bulkLoad(List.of(file), options.withSkipBadLines(true));
            if (result.statements() != expected || result.badLines() != parser.skippedLines()) {
                problems.add("skipping bulk load: " + result.statements() + " statements, " + result.badLines()
                    + " bad lines; the skipping parser: " + expected + ", " + parser.skippedLines());
            }
        } catch (Throwable e) {
            problems.add("skipping bulk load: " + describe(e));
        }
        Files.delete(file);
        return problems;
    }

    private static String describe(Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        String text = trace.toString();
        return text.length() > 1500 ? text.substring(0, 1500) + "..." : text;
    }

    /** Counts statements and checks each term's length against the term limit, allocating nothing. */
    private record StatementCounter(long[] delivered) implements dev.cinnabar.quadstore.io.StatementSink {
        @Override
        public void statement(dev.cinnabar.quadstore.io.ParsedTerm s, dev.cinnabar.quadstore.io.ParsedTerm p,
            dev.cinnabar.quadstore.io.ParsedTerm o, dev.cinnabar.quadstore.io.ParsedTerm g) {
            delivered[0]++;
            check(s);
            check(p);
            check(o);
            check(g);
        }

        private static void check(dev.cinnabar.quadstore.io.ParsedTerm term) {
            if (term != null && term.kind() == dev.cinnabar.quadstore.io.ParsedTerm.TRIPLE_TERM) {
                check(term.tripleSubject()); // the limit is on each term inside a triple term
                check(term.triplePredicate());
                check(term.tripleObject());
                return;
            }
            if (term != null && term.valueLength() > MAX_TERM_BYTES) {
                throw new IllegalStateException("a term of " + term.valueLength() + " bytes passed the limit");
            }
        }
    }
}
