package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The damages to try on a store, per file: for small files every byte (or every bit), for larger ones sampled bit
 * flips weighted to the bytes in use, plus cuts at length 0, at every structure boundary (and one byte either side)
 * and at sampled lengths, zeroed pages, and deletion. Structure boundaries come from the files' own layouts:
 * the atom manifest's used lengths, the hash index header, a segment's header, footer and trailer, a log's header
 * and record starts.
 */
final class CasePlan {

    private final Path store;
    private final Random random;
    private final int samples;
    private final boolean everyBit;
    private final List<Damage> damages = new ArrayList<>();

    private CasePlan(Path store, long seed, int samples, boolean everyBit) {
        this.store = store;
        this.random = new Random(seed);
        this.samples = samples;
        this.everyBit = everyBit;
    }

    /**
     * The damages for {@code store}.
     *
     * @param samples  sampled flips per larger file (cuts and zeroed pages are a quarter of that each)
     * @param everyBit flip every bit of the small files (manifests, headers), not one random bit in every fourth
     *                 byte (the short runs)
     */
    static List<Damage> plan(Path store, long seed, int samples, boolean everyBit) throws IOException {
        CasePlan plan = new CasePlan(store, seed, samples, everyBit);
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.sorted().toList()) {
                plan.planFile(file);
            }
        }
        return plan.damages;
    }

    /** The kind of a store file, from its name: the unit outcomes are counted by. */
    static String kindOf(String name) {
        if (name.matches("quads-\\d+\\.seg")) {
            return "quads-N.seg";
        }
        if (name.matches("quads-\\d+\\.wal")) {
            return "quads-N.wal";
        }
        return name;
    }

    private void planFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Set<Long> boundaries = new TreeSet<>();
        boundaries.add(0L);
        boundaries.add((long) bytes.length);
        long used = bytes.length;
        switch (kindOf(name)) {
            case "LOCK" -> {
                damages.add(Damage.append(name, 100));
                damages.add(Damage.delete(name));
                return;
            }
            case "atoms.manifest", "quads.manifest" -> {
                everyByte(name, 0, bytes.length);
                for (long cut = 0; cut < bytes.length; cut++) {
                    damages.add(Damage.cut(name, cut));
                }
                damages.add(Damage.append(name, 8));
                damages.add(Damage.delete(name));
                return;
            }
            case "atoms.data" -> {
                used = atomManifestLong(32);
                for (long chunk = 1 << 16; chunk < bytes.length; chunk += 1 << 16) {
                    boundaries.add(chunk);
                }
                boundaries.add(used);
            }
            case "atoms.offsets" -> {
                used = atomManifestLong(24) * 8;
                boundaries.add(used);
                boundaries.add(used - 8);
            }
            case "atoms.hash" -> {
                everyByte(name, 0, 32); // magic, version, capacity, CRC
                boundaries.add(32L);
                boundaries.add(4096L);
                sampleOccupiedSlots(name, bytes);
            }
            case "quads-N.seg" -> {
                everyByte(name, 0, 16);
                everyByte(name, bytes.length - 32, bytes.length);
                long footer = le.getLong(bytes.length - 32);
                boundaries.add(16L);
                boundaries.add(footer);
                boundaries.add((long) bytes.length - 32);
            }
            case "quads-N.wal" -> {
                everyByte(name, 0, Math.min(32, bytes.length));
                int at = 32;
                while (at + 32 <= bytes.length) {
                    boundaries.add((long) at);
                    everyByte(name, at, at + 32); // record header: length, CRC, sequence, counts
                    at += 32 + le.getInt(at);
                }
                boundaries.add((long) at);
            }
            default -> {
                // a file this plan does not know: damage it anyway, by samples
            }
        }
        for (int i = 0; i < samples; i++) {
            // Three quarters of the flips land in the bytes in use, the rest anywhere (unused space included).
            long position = i % 4 != 3 && used > 0 ? random.nextLong(used) : random.nextLong(bytes.length);
            damages.add(Damage.flip(name, position, random.nextInt(8)));
        }
        Set<Long> cuts = new LinkedHashSet<>();
        for (long boundary : boundaries) {
            for (long cut = boundary - 1; cut <= boundary + 1; cut++) {
                if (cut >= 0 && cut < bytes.length) {
                    cuts.add(cut);
                }
            }
        }
        for (int i = 0; i < Math.max(4, samples / 4); i++) {
            cuts.add(random.nextLong(bytes.length));
        }
        cuts.forEach(cut -> damages.add(Damage.cut(name, cut)));
        for (int i = 0; i < Math.max(2, samples / 8) && bytes.length > 0; i++) {
            damages.add(Damage.zeroPage(name, random.nextLong(bytes.length) / Damage.PAGE_BYTES * Damage.PAGE_BYTES));
        }
        damages.add(Damage.append(name, 4096));
        damages.add(Damage.delete(name));
    }

    private void everyByte(String name, int from, int to) {
        for (int position = from; position < to; position++) {
            if (everyBit) {
                for (int bit = 0; bit < 8; bit++) {
                    damages.add(Damage.flip(name, position, bit));
                }
            } else if (position % 4 == 0) {
                damages.add(Damage.flip(name, position + random.nextInt(Math.min(4, to - position)),
                    random.nextInt(8)));
            }
        }
    }

    /** Flips in slots that hold an atom: each bit of the 40-bit id or the 24-bit hash fragment. */
    private void sampleOccupiedSlots(String name, byte[] bytes) {
        List<Integer> occupied = new ArrayList<>();
        for (int at = 4096; at + 8 <= bytes.length; at += 8) {
            for (int i = 0; i < 8; i++) {
                if (bytes[at + i] != 0) {
                    occupied.add(at);
                    break;
                }
            }
        }
        for (int i = 0; i < samples / 2 && !occupied.isEmpty(); i++) {
            int slot = occupied.get(random.nextInt(occupied.size()));
            damages.add(Damage.flip(name, slot + random.nextInt(8), random.nextInt(8)));
        }
    }

    private long atomManifestLong(int offset) throws IOException {
        byte[] manifest = Files.readAllBytes(store.resolve("atoms.manifest"));
        return ByteBuffer.wrap(manifest).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }
}
