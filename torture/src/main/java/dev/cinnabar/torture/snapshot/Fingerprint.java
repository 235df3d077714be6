package dev.cinnabar.torture.snapshot;

import java.util.Collection;
import java.util.stream.Stream;

import dev.cinnabar.quadstore.QuadReader;
import dev.cinnabar.quadstore.term.Quad;

/**
 * A set of quads in two numbers: how many, and an order-free 64-bit digest of them. Cheap enough to compute for
 * every commit of a workload's model, and for every snapshot a reader scans, so the two can be compared.
 *
 * @param quads  the number of quads
 * @param digest the sum of a 64-bit mix of each quad's hash: a missing, extra or changed quad moves it
 */
public record Fingerprint(long quads, long digest) {

    /** The fingerprint of a model's quads. */
    public static Fingerprint of(Collection<Quad> quads) {
        long digest = 0;
        for (Quad quad : quads) {
            digest += mix(quad.hashCode());
        }
        return new Fingerprint(quads.size(), digest);
    }

    /** The fingerprint of every quad {@code reader} sees, found by one full scan. */
    public static Fingerprint scan(QuadReader reader) {
        long count = 0;
        long digest = 0;
        try (Stream<Quad> all = reader.match(null, null, null, null)) {
            for (Quad quad : (Iterable<Quad>) all::iterator) {
                count++;
                digest += mix(quad.hashCode());
            }
        }
        return new Fingerprint(count, digest);
    }

    /** Stafford's mix13: neighbouring hashes give unrelated digests, so sums of different sets rarely collide. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
