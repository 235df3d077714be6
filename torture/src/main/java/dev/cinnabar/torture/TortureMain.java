package dev.cinnabar.torture;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code torture/target/torture.jar}: {@code java -jar torture.jar <run> [options]}, where each run is
 * the long version of a test CI runs briefly. Each run prints its own summary and exits non-zero if anything was
 * lost, wrong or unclear.
 */
public final class TortureMain {

    /** Run name to the class whose {@code main} it is; looked up by name so each run stays in its own package. */
    private static final Map<String, String> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("kill", "dev.cinnabar.torture.kill.KillTorture");
        RUNS.put("crash", "dev.cinnabar.torture.crash.CrashImageTorture");
        RUNS.put("faults", "dev.cinnabar.torture.fault.FaultTorture");
        RUNS.put("corrupt", "dev.cinnabar.torture.corrupt.CorruptionTorture");
        RUNS.put("fuzz", "dev.cinnabar.torture.fuzz.ParserFuzz");
    }

    private TortureMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0 || !RUNS.containsKey(args[0])) {
            System.err.println("usage: java -jar torture.jar <" + String.join("|", RUNS.keySet())
                + "> [--iterations N] [--seconds S] [--seed N] [--dir DIR]");
            System.exit(2);
        }
        Method main;
        try {
            main = Class.forName(RUNS.get(args[0])).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            System.err.println("torture run '" + args[0] + "' is not in this build (" + RUNS.get(args[0]) + ")");
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
