package dev.cinnabar.torture.kill;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.term.Quad;

/**
 * The kill -9 torture: runs {@link KillWorkload} in a child JVM, kills it with SIGKILL at a random moment (right at
 * start, after a random time, just as a transaction commits, during a bulk load, during a compaction or
 * checkpoint), reopens the store and checks it with {@link KillCheck} against the model that {@link WorkloadPlan}
 * recomputes; then the next child continues from the next operation. Stops at the first wrong state, keeping the
 * store and printing the seed.
 *
 * <p>Usage: {@code KillTorture [--iterations N] [--seconds S] [--seed N] [--dir DIR]} (also {@code java -jar
 * torture.jar kill ...}). Without {@code --iterations} or {@code --seconds} it runs 240 seconds. Without
 * {@code --dir} it works in a temporary directory, deleted after a clean run. Prints one summary line and exits 1
 * if anything was lost or wrong.
 */
public final class KillTorture {

    /** Where in the child's work the kill lands. */
    enum Moment { AT_START, AFTER_DELAY, IN_COMMIT, IN_BULK_LOAD, IN_COMPACTION }

    /** The settings of one run; {@code iterations} or {@code seconds} of -1 mean no such limit. */
    record Settings(long iterations, long seconds, long seed, Path dir) {
    }

    /** Counts of a run; {@code failure} describes the first wrong state, or is null. */
    record Summary(long iterations, long kills, long reportedCommits, long inFlightPresent, long inFlightAbsent,
        long inFlightNoChange, long lost, long wrong, long operations, long seconds, long seed,
        Map<String, Long> inFlightKinds, Map<Moment, Long> moments, long[] snapshots, String failure) {

        boolean failed() {
            return lost > 0 || wrong > 0;
        }

        /** The line the issue asks for, then what else was counted. */
        String line() {
            return "kill: iterations=" + iterations + " kills=" + kills + " reported commits checked="
                + reportedCommits + " in-flight present=" + inFlightPresent + " absent=" + inFlightAbsent
                + " lost=" + lost + " wrong=" + wrong + " (in-flight without effect=" + inFlightNoChange
                + ", operations=" + operations + ", seconds=" + seconds + ", seed=" + seed + ")";
        }

        String details() {
            return "kill: in flight at the kill by kind " + inFlightKinds + "; kill moments " + moments
                + "; snapshots checked by the children's readers " + snapshots[0] + " (held across commits "
                + snapshots[1] + ", across a checkpoint or compaction " + snapshots[2] + ")";
        }

        /** Snapshots the children's readers checked against their commits, wrong ones failing the run. */
        long snapshotsChecked() {
            return snapshots[0];
        }
    }

    private static final String AGRONA_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final long DEFAULT_SECONDS = 240;
    /** A kill waiting for an event (a bulk load, a compaction) gives up waiting after this long. */
    private static final long EVENT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final String END = "\u0000end";

    private final Settings settings;
    private final PrintStream out;
    private final WorkloadPlan plan;
    private final Random random;
    private final Path store;
    private final Path work;

    private KillTorture(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.plan = new WorkloadPlan(settings.seed());
        this.random = new Random(settings.seed() ^ 0x5DEECE66DL);
        this.store = settings.dir().resolve("store");
        this.work = settings.dir().resolve("work");
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long iterations = -1;
        long seconds = -1;
        long seed = new Random().nextLong();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--iterations" -> iterations = Long.parseLong(require(value, args[i]));
                case "--seconds" -> seconds = Long.parseLong(require(value, args[i]));
                case "--seed" -> seed = Long.parseLong(require(value, args[i]));
                case "--dir" -> dir = Path.of(require(value, args[i]));
                default -> {
                    System.err.println("kill: unknown option " + args[i]
                        + "; usage: kill [--iterations N] [--seconds S] [--seed N] [--dir DIR]");
                    System.exit(2);
                }
            }
            i++;
        }
        if (iterations < 0 && seconds < 0) {
            seconds = DEFAULT_SECONDS;
        }
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("cinnabar-kill");
        }
        Summary summary = run(new Settings(iterations, seconds, seed, dir), System.out);
        System.out.println(summary.details());
        System.out.println(summary.line());
        if (summary.failed()) {
            System.out.println("kill: FAILED, store kept in " + dir + "; rerun with --seed " + seed);
            System.exit(1);
        }
        if (temporary) {
            deleteTree(dir);
        }
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** Runs the torture in {@code settings.dir()} (which must not hold a store yet), printing progress to {@code out}. */
    static Summary run(Settings settings, PrintStream out) throws IOException, InterruptedException {
        return new KillTorture(settings, out).loop();
    }

    // ------------------------------------------------------------------------------------------------ the loop

    private Summary loop() throws IOException, InterruptedException {
        if (Files.exists(store)) {
            throw new IllegalArgumentException(store + " already exists: give the kill torture a new --dir");
        }
        Files.createDirectories(work);
        out.println("kill: seed " + settings.seed() + ", store " + store + ", "
            + (settings.iterations() >= 0 ? settings.iterations() + " iterations" : "")
            + (settings.iterations() >= 0 && settings.seconds() >= 0 ? " or " : "")
            + (settings.seconds() >= 0 ? settings.seconds() + " s" : ""));
        long started = System.nanoTime();
        long deadline = settings.seconds() < 0 ? Long.MAX_VALUE : started + TimeUnit.SECONDS.toNanos(settings.seconds());
        long lastProgress = started;
        Set<Quad> model = new HashSet<>();
        long nextOp = 0;
        long iterations = 0;
        long kills = 0;
        long reportedCommits = 0;
        long present = 0;
        long absent = 0;
        long noChange = 0;
        long lost = 0;
        long wrong = 0;
        String failure = null;
        Map<String, Long> inFlightKinds = new LinkedHashMap<>();
        Map<Moment, Long> moments = new EnumMap<>(Moment.class);
        long[] snapshots = new long[3];
        while ((settings.iterations() < 0 || iterations < settings.iterations()) && System.nanoTime() < deadline) {
            iterations++;
            Moment moment = Moment.values()[pickMoment()];
            moments.merge(moment, 1L, Long::sum);
            ChildRun child = ChildRun.start(command(nextOp), work.resolve("child.out"), work.resolve("child.err"));
            child.killAt(moment, random);
            ChildLog log = ChildLog.parse(child.lines(), nextOp);
            log.problems.addAll(errorsOf(child.errors()));
            for (int i = 0; i < snapshots.length; i++) {
                snapshots[i] += log.snapshots[i];
            }
            if (child.exitCode() == SIGKILL_EXIT) {
                kills++;
            } else {
                log.problems.add("the child exited by itself with code " + child.exitCode());
            }
            // The model after every operation the child reported, then with the in-flight one as a whole.
            for (long n = nextOp; n <= log.lastDone; n++) {
                Operation op = plan.operation(n);
                op.applyTo(model);
                if (op.commits()) {
                    reportedCommits++;
                }
            }
            Operation inFlight = log.inFlight ? plan.operation(log.lastDone + 1) : null;
            inFlightKinds.merge(inFlight == null ? "none" : inFlight.kind().word, 1L, Long::sum);
            Set<Quad> withInFlight = null;
            if (inFlight != null && inFlight.commits()) {
                withInFlight = new HashSet<>(model);
                inFlight.applyTo(withInFlight);
                if (withInFlight.equals(model)) {
                    withInFlight = null;
                }
            }
            KillCheck.Result result = KillCheck.check(store, KillWorkload.options().withAutoCompaction(false), model,
                withInFlight);
            List<String> problems = new ArrayList<>(log.problems);
            problems.addAll(result.problems());
            if (result.outcome() == KillCheck.Outcome.WITH_IN_FLIGHT) {
                present++;
                model = withInFlight;
                nextOp = log.lastDone + 2;
            } else {
                if (inFlight != null && withInFlight == null) {
                    noChange++;
                } else if (withInFlight != null && result.outcome() == KillCheck.Outcome.REPORTED) {
                    absent++;
                }
                nextOp = log.lastDone + 1;
            }
            if (result.outcome() == KillCheck.Outcome.LOST) {
                lost++;
            } else if (!problems.isEmpty()) {
                wrong++;
            }
            if (!problems.isEmpty()) {
                failure = describe(iterations, moment, log, inFlight, problems, child.lines(), child.errors());
                out.println(failure);
                break;
            }
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_NANOS) {
                lastProgress = now;
                out.println("kill: " + TimeUnit.NANOSECONDS.toSeconds(now - started) + " s, iteration " + iterations
                    + ", next operation " + nextOp + ", " + result.quads() + " quads, " + result.atoms() + " atoms");
            }
        }
        return new Summary(iterations, kills, reportedCommits, present, absent, noChange, lost, wrong, nextOp,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), settings.seed(), inFlightKinds, moments,
            snapshots, failure);
    }

    private int pickMoment() {
        int roll = random.nextInt(100);
        return roll < 10 ? 0 : roll < 40 ? 1 : roll < 65 ? 2 : roll < 82 ? 3 : 4;
    }

    private List<String> command(long from) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), AGRONA_FLAG, "-ea",
            "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            KillWorkload.class.getName(), "--store", store.toString(), "--work", work.toString(), "--seed",
            Long.toString(settings.seed()), "--from", Long.toString(from));
    }

    /** What the child wrote on standard error, but for JVM warnings: an exception in any thread of it, say. */
    static List<String> errorsOf(List<String> errors) {
        List<String> serious = new ArrayList<>();
        for (String line : errors) {
            if (!line.isBlank() && !line.startsWith("WARNING:") && !line.contains("VM warning")) {
                serious.add(line);
            }
        }
        return serious.isEmpty() ? List.of()
            : List.of("the child wrote " + serious.size() + " lines on standard error, the first: " + serious.get(0));
    }

    private String describe(long iteration, Moment moment, ChildLog log, Operation inFlight, List<String> problems,
        List<String> lines, List<String> errors) {
        StringBuilder text = new StringBuilder("kill: WRONG STATE at iteration ").append(iteration)
            .append(" (seed ").append(settings.seed()).append(", kill ").append(moment).append(", child from operation ")
            .append(log.from).append(", last reported ").append(log.lastDone).append(", in flight ")
            .append(inFlight == null ? "none" : inFlight).append(", store ").append(store).append("):");
        for (String problem : problems) {
            text.append("\n  ").append(KillCheck.abbreviated(problem));
        }
        text.append("\n  last lines of the child:");
        for (String line : lines.subList(Math.max(0, lines.size() - 30), lines.size())) {
            text.append("\n    ").append(KillCheck.abbreviated(line));
        }
        if (!errors.isEmpty()) {
            text.append("\n  standard error of the child:");
            for (String line : errors.subList(0, Math.min(40, errors.size()))) {
                text.append("\n    ").append(KillCheck.abbreviated(line));
            }
        }
        return text.toString();
    }

    // ------------------------------------------------------------------------------------------------ the child

    /**
     * A running child and the lines it printed. Its output goes to a file, which a thread of ours follows: after a
     * SIGKILL every line the child wrote is in that file, whereas a pipe read while the JDK's process reaper drains
     * it can fail with "Stream closed" and lose the last lines.
     */
    private static final class ChildRun {
        private final Process process;
        private final Path output;
        private final long startNanos = System.nanoTime();
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private final Path errorFile;

        private ChildRun(Process process, Path output, Path errorFile) {
            this.process = process;
            this.output = output;
            this.errorFile = errorFile;
            this.reader = new Thread(this::read, "kill child reader");
            reader.setDaemon(true);
            reader.start();
        }

        static ChildRun start(List<String> command, Path output, Path errors) throws IOException {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(errors.toFile()).start();
            return new ChildRun(process, output, errors);
        }

        private void read() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (InputStream in = new FileInputStream(output.toFile())) {
                byte[] buffer = new byte[1 << 14];
                while (true) {
                    boolean exited = !process.isAlive();
                    int read = in.read(buffer);
                    if (read > 0) {
                        for (int i = 0; i < read; i++) {
                            if (buffer[i] == '\n') {
                                add(line.toString(StandardCharsets.UTF_8));
                                line.reset();
                            } else {
                                line.write(buffer[i]);
                            }
                        }
                    } else if (exited) {
                        break; // the child was gone before this read found the end: nothing more can come
                    } else {
                        LockSupport.parkNanos(200_000);
                    }
                }
                if (line.size() > 0) {
                    add(line.toString(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                add("(reading the child's output " + output + " failed: " + e + ")");
            } finally {
                fresh.add(END);
            }
        }

        private void add(String line) {
            synchronized (lines) {
                lines.add(line);
            }
            fresh.add(line);
        }

        /** Waits for the moment, then kills the child with SIGKILL and waits until it is gone. */
        void killAt(Moment moment, Random random) throws InterruptedException {
            switch (moment) {
                case AT_START -> sleepMicros(random.nextInt(500_000));
                case AFTER_DELAY -> sleepMicros(logUniform(random, 300_000, 5_000_000));
                // A commit takes some 5 to 50 ms here (several fsyncs), a bulk load or compaction 50 to 400 ms:
                // the delays after BEGIN (half log-uniform, half uniform) land before, inside and after them.
                case IN_COMMIT -> {
                    if (await(line -> line.endsWith(" txn"), random.nextInt(40))) {
                        sleepMicros(delay(random, 20, 80_000));
                    }
                }
                case IN_BULK_LOAD -> {
                    if (await(line -> line.endsWith(" bulk"), 0)) {
                        sleepMicros(delay(random, 100, 400_000));
                    }
                }
                case IN_COMPACTION -> {
                    if (await(line -> line.endsWith(" compact") || line.endsWith(" checkpoint"), 0)) {
                        sleepMicros(delay(random, 100, 300_000));
                    }
                }
            }
            process.destroyForcibly();
            process.waitFor();
            reader.join();
        }

        /** Waits for the {@code skip + 1}-th BEGIN line that {@code matches}; false if the child ended or took too long. */
        private boolean await(Predicate<String> matches, int skip) throws InterruptedException {
            int seen = 0;
            while (true) {
                long left = startNanos + EVENT_WAIT_NANOS - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                String line = fresh.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    if (line != null) {
                        fresh.add(END);
                    }
                    return false;
                }
                if (line.startsWith("BEGIN ") && matches.test(line) && seen++ >= skip) {
                    return true;
                }
            }
        }

        private static long delay(Random random, long low, long high) {
            return random.nextBoolean() ? logUniform(random, low, high) : low + (long) (random.nextDouble() * high);
        }

        private static long logUniform(Random random, long low, long high) {
            return (long) (low * Math.pow((double) high / low, random.nextDouble()));
        }

        private static void sleepMicros(long micros) {
            long until = System.nanoTime() + micros * 1_000;
            for (long left = micros * 1_000; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }

        int exitCode() {
            return process.exitValue();
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        /** Standard error, read once the child is gone. */
        List<String> errors() {
            try {
                return Files.readAllLines(errorFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of("(reading " + errorFile + " failed: " + e + ")");
            }
        }
    }

    /**
     * What a child reported: operations finished, whether the next one had begun committing, and its snapshot
     * readers' last counts (checked, held across commits, across maintenance).
     */
    static final class ChildLog {
        final long from;
        long lastDone;
        boolean inFlight;
        final long[] snapshots = new long[3];
        final List<String> problems = new ArrayList<>();

        private ChildLog(long from) {
            this.from = from;
            this.lastDone = from - 1;
        }

        /** Parses the child's lines, noting any that break the protocol (other output, such as a stack trace, too). */
        static ChildLog parse(List<String> lines, long from) {
            ChildLog log = new ChildLog(from);
            Deque<String> unexpected = new ArrayDeque<>();
            for (String line : lines) {
                String[] words = line.split(" ");
                String word = words[0];
                if (word.equals("READY") && words.length == 2 && words[1].equals(Long.toString(from))) {
                    continue;
                }
                if (word.equals("SNAPSHOTS") && words.length == 4) {
                    for (int i = 0; i < 3; i++) {
                        log.snapshots[i] = Long.parseLong(words[i + 1]);
                    }
                    continue;
                }
                if (word.equals("READER-FAILED")) {
                    log.problems.add("a snapshot reader of the child failed: " + line.substring(word.length() + 1));
                    continue;
                }
                if ((word.equals("BEGIN") && words.length == 3) || ((word.equals("COMMITTED") || word.equals("DONE"))
                    && words.length == 2)) {
                    long n = Long.parseLong(words[1]);
                    if (word.equals("BEGIN") && n == log.lastDone + 1 && !log.inFlight) {
                        log.inFlight = true;
                        continue;
                    }
                    if (!word.equals("BEGIN") && n == log.lastDone + 1 && log.inFlight) {
                        log.inFlight = false;
                        log.lastDone = n;
                        continue;
                    }
                }
                unexpected.add(line);
            }
            if (!unexpected.isEmpty()) {
                log.problems.add("the child printed " + unexpected.size() + " unexpected lines, the first: "
                    + unexpected.peekFirst());
            }
            return log;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
