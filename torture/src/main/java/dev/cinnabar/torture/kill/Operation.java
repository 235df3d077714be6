package dev.cinnabar.torture.kill;

import java.util.List;
import java.util.Set;

import dev.cinnabar.quadstore.term.Quad;

/**
 * Operation number {@code number} of the kill workload, as {@link WorkloadPlan} derives it from (seed, number).
 * Only {@link Kind#TRANSACTION} and {@link Kind#BULK_LOAD} change the store's quads; the others must leave them as
 * they are.
 *
 * @param changes   a transaction's changes in order (also those of a rolled-back one); empty otherwise
 * @param bulkFiles a bulk load's files, each a list of quads (with repeats), in order
 * @param gzipped   per bulk file, whether it is written gzipped
 */
record Operation(long number, Kind kind, List<Change> changes, List<List<Quad>> bulkFiles, List<Boolean> gzipped) {

    enum Kind {
        TRANSACTION("txn"), ROLLBACK("rollback"), BULK_LOAD("bulk"), COMPACTION("compact"), CHECKPOINT("checkpoint");

        /** The word the child prints after {@code BEGIN n}. */
        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /** Whether this operation is a commit the child reports (its quads must survive once reported). */
    boolean commits() {
        return kind == Kind.TRANSACTION || kind == Kind.BULK_LOAD;
    }

    /** What this operation does, as a whole, to a model of the store's quads. */
    void applyTo(Set<Quad> quads) {
        if (kind == Kind.TRANSACTION) {
            for (Change change : changes) {
                change.applyTo(quads);
            }
        } else if (kind == Kind.BULK_LOAD) {
            for (List<Quad> file : bulkFiles) {
                quads.addAll(file);
            }
        }
    }

    @Override
    public String toString() {
        int quads = bulkFiles.stream().mapToInt(List::size).sum();
        return "operation " + number + " (" + kind.word + ", " + changes.size() + " changes, " + bulkFiles.size()
            + " bulk files with " + quads + " quads)";
    }
}
