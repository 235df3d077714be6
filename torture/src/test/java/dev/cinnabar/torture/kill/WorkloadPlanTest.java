package dev.cinnabar.torture.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.cinnabar.quadstore.term.BlankNode;
import dev.cinnabar.quadstore.term.Literal;
import dev.cinnabar.quadstore.term.Quad;
import dev.cinnabar.quadstore.term.Term;

/** The workload is a pure function of (seed, operation number), and it exercises every mechanism of the store. */
class WorkloadPlanTest {

    @Test
    void anOperationIsAFunctionOfSeedAndNumberOnly() {
        WorkloadPlan first = new WorkloadPlan(7);
        WorkloadPlan second = new WorkloadPlan(7);
        // One asked backwards, the other forwards: nothing may depend on what was asked before.
        String[] backwards = new String[301];
        for (int n = 300; n >= 0; n--) {
            backwards[n] = describe(first.operation(n));
        }
        for (int n = 0; n <= 300; n++) {
            assertEquals(backwards[n], describe(second.operation(n)), "operation " + n);
        }
    }

    @Test
    void differentSeedsGiveDifferentWorkloads() {
        assertNotEquals(describe(new WorkloadPlan(1).operation(5)), describe(new WorkloadPlan(2).operation(5)));
    }

    @Test
    void theWorkloadExercisesEveryMechanismOfTheStore() {
        WorkloadPlan plan = new WorkloadPlan(42);
        Set<Operation.Kind> kinds = EnumSet.noneOf(Operation.Kind.class);
        boolean spillingCommit = false;
        boolean spillingRollback = false;
        boolean gzipped = false;
        boolean plain = false;
        boolean multiChunkLoad = false;
        boolean largeInTransaction = false;
        boolean largeInBulkLoad = false;
        boolean blankInBulkLoad = false;
        boolean blankInTransaction = false;
        boolean removeAll = false;
        boolean removeOfEarlierAdd = false;
        boolean newDatatype = false;
        Set<Quad> addedBefore = new HashSet<>();
        for (long n = 0; n < 3000; n++) {
            Operation op = plan.operation(n);
            kinds.add(op.kind());
            int changes = op.changes().size();
            spillingCommit |= op.kind() == Operation.Kind.TRANSACTION && changes > KillWorkload.TXN_BUFFER_QUADS;
            spillingRollback |= op.kind() == Operation.Kind.ROLLBACK && changes > KillWorkload.TXN_BUFFER_QUADS;
            for (int f = 0; f < op.bulkFiles().size(); f++) {
                gzipped |= op.gzipped().get(f);
                plain |= !op.gzipped().get(f);
                multiChunkLoad |= op.bulkFiles().get(f).size() > 2 * KillWorkload.BULK_CHUNK_QUADS;
                for (Quad quad : op.bulkFiles().get(f)) {
                    largeInBulkLoad |= isLarge(quad.object());
                    blankInBulkLoad |= hasBlankNode(quad);
                    addedBefore.add(quad);
                }
            }
            for (Change change : op.changes()) {
                switch (change.kind()) {
                    case ADD -> {
                        largeInTransaction |= isLarge(change.quad().object());
                        blankInTransaction |= hasBlankNode(change.quad());
                        newDatatype |= change.quad().object() instanceof Literal literal
                            && literal.datatype().value().contains("/op/");
                        addedBefore.add(change.quad());
                    }
                    case REMOVE -> removeOfEarlierAdd |= addedBefore.contains(change.quad());
                    case REMOVE_ALL -> removeAll = true;
                }
            }
        }
        assertEquals(EnumSet.allOf(Operation.Kind.class), kinds);
        assertTrue(spillingCommit, "a committed transaction larger than the transaction buffer");
        assertTrue(spillingRollback, "a rolled-back transaction larger than the transaction buffer");
        assertTrue(gzipped && plain, "gzipped and plain bulk files");
        assertTrue(multiChunkLoad, "a bulk file of several chunks");
        assertTrue(largeInTransaction && largeInBulkLoad, "terms of tens of KiB, in transactions and bulk loads");
        assertTrue(blankInTransaction, "blank nodes in transactions");
        assertFalse(blankInBulkLoad, "no blank nodes in bulk loads, which rename them");
        assertTrue(removeAll && removeOfEarlierAdd, "removeAll, and removes of quads added before");
        assertTrue(newDatatype, "a datatype IRI interned with its first literal");
    }

    @Test
    void theModelStaysBoundedOverThousandsOfOperations() {
        WorkloadPlan plan = new WorkloadPlan(3);
        Set<Quad> model = new HashSet<>();
        int largest = 0;
        for (long n = 0; n < 6000; n++) {
            plan.operation(n).applyTo(model);
            largest = Math.max(largest, model.size());
        }
        assertTrue(largest < 100_000, "graphs are cleared often enough: at most " + largest + " quads");
        assertTrue(model.size() > 100, "but the store is not empty: " + model.size());
    }

    private static boolean isLarge(Term term) {
        return term instanceof Literal literal && literal.lexicalForm().length() >= 8_000;
    }

    private static boolean hasBlankNode(Quad quad) {
        return List.of(quad.graph(), quad.subject(), quad.object()).stream().anyMatch(t -> t instanceof BlankNode);
    }

    /** Operations hold patterns as arrays, so compare their text. */
    private static String describe(Operation op) {
        return op.kind() + " " + op.changes() + " " + op.bulkFiles() + " " + op.gzipped();
    }
}
