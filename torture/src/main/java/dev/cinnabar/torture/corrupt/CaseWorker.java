package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The worker JVM of a corruption run: handles the cases of a case file from a given index on, printing
 * {@code BEGIN i} before and {@code END i <result>} after each, so that its supervisor can name the case that
 * crashed the JVM or hung. Damaging a copy and reading it may crash a JVM (a damaged offset read through
 * unchecked memory access), which is why this runs apart from the supervisor.
 */
final class CaseWorker {

    static final String READY = "READY";

    private CaseWorker() {
    }

    /** {@code <root> <case file> <first case> <atom chunk bytes>}. */
    static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        List<String> cases = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int first = Integer.parseInt(args[2]);
        int chunkBytes = Integer.parseInt(args[3]);
        Path original = root.resolve(StoreFixture.STORE);
        Path work = root.resolve("work-" + ProcessHandle.current().pid());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ImageCheck check = ImageCheck.of(original, root.resolve(StoreFixture.SNAPSHOTS), work.resolve("expected"),
            StoreFixture.options(chunkBytes));
        out.println(READY + " " + check.atoms() + " atoms, " + check.quads() + " quads");
        Path image = work.resolve("image");
        for (int i = first; i < cases.size(); i++) {
            Damage damage = Damage.parse(cases.get(i));
            out.println("BEGIN " + i);
            StoreCopy.copy(original, image);
            damage.applyTo(image);
            ImageCheck.Result result = check.check(image, damage.file());
            out.println("END " + i + " " + result.line());
        }
        StoreCopy.delete(work);
        out.println("DONE");
    }
}
