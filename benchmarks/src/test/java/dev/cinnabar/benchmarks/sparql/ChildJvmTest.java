package dev.cinnabar.benchmarks.sparql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A child that dies says why in the report: its exit status, its last messages and the end of its standard error. */
class ChildJvmTest {

    /** A child that prints one result line, then dies of an exception with a stack trace longer than the tail. */
    public static final class DyingChild {
        public static void main(String[] args) {
            System.out.println(QueryTiming.line("TEST-QUERY", "s", "q01", 4, List.of(1.0)));
            for (int i = 0; i < 40; i++) {
                System.err.println("noise " + i);
            }
            deep(ChildJvm.STDERR_TAIL * 2);
        }

        private static void deep(int frames) {
            if (frames == 0) {
                throw new IllegalStateException("the cause, before a deep stack trace");
            }
            deep(frames - 1);
        }
    }

    @Test
    void aDeadChildsFailureCarriesItsExitStatusAndTheEndOfItsStandardError() throws Exception {
        ChildJvm.Settings settings = new ChildJvm.Settings("64m", List.of(), Map.of(), 2);

        ChildJvm.Outcome outcome = ChildJvm.run("s", DyingChild.class, List.of(), "TEST", settings, 1);

        assertTrue(outcome.failed());
        assertEquals(Map.of("q01", new QueryTiming("q01", 4, 1.0, 1.0, 1.0)), outcome.timings());
        assertTrue(outcome.failure().startsWith("exit status 1; messages on its standard error:"),
            outcome.failure());
        assertTrue(outcome.failure().contains("IllegalStateException: the cause, before a deep stack trace"),
            outcome.failure());
        assertTrue(outcome.failure().contains("last lines of its standard error:"), outcome.failure());
        assertTrue(outcome.failure().contains("at dev.cinnabar.benchmarks.sparql.ChildJvmTest$DyingChild.deep"),
            outcome.failure());
        assertTrue(!outcome.failure().contains("noise 0\n"), "only the tail: " + outcome.failure());
    }
}
