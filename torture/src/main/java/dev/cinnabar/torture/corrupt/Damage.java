package dev.cinnabar.torture.corrupt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One damage to one file of a store copy: a bit flip, a cut to a length, a zeroed 4 KiB page, or deleting the file.
 * Written as one token ({@code flip:<position>:<bit>}, {@code cut:<length>}, {@code zero:<position>},
 * {@code delete}, {@code append:<bytes>}) so that a supervisor and its worker JVM agree on a case list by text.
 */
record Damage(String file, Kind kind, long position, int bit) {

    enum Kind { FLIP, CUT, ZERO_PAGE, DELETE, APPEND }

    static final int PAGE_BYTES = 4096;

    static Damage flip(String file, long position, int bit) {
        return new Damage(file, Kind.FLIP, position, bit);
    }

    static Damage cut(String file, long length) {
        return new Damage(file, Kind.CUT, length, 0);
    }

    static Damage zeroPage(String file, long position) {
        return new Damage(file, Kind.ZERO_PAGE, position, 0);
    }

    static Damage delete(String file) {
        return new Damage(file, Kind.DELETE, 0, 0);
    }

    static Damage append(String file, long bytes) {
        return new Damage(file, Kind.APPEND, bytes, 0);
    }

    /** Applies this damage to the file of this name in {@code store}. */
    void applyTo(Path store) throws IOException {
        Path target = store.resolve(file);
        switch (kind) {
            case DELETE -> Files.delete(target);
            case CUT -> Files.write(target, Arrays.copyOf(Files.readAllBytes(target), (int) position));
            case APPEND -> {
                byte[] old = Files.readAllBytes(target);
                byte[] longer = Arrays.copyOf(old, old.length + (int) position);
                for (int i = old.length; i < longer.length; i++) {
                    longer[i] = (byte) (i * 31 + 7); // garbage, not zeros: zeros would read as unused space
                }
                Files.write(target, longer);
            }
            case FLIP, ZERO_PAGE -> {
                byte[] bytes = Files.readAllBytes(target);
                if (kind == Kind.FLIP) {
                    bytes[(int) position] ^= (byte) (1 << bit);
                } else {
                    Arrays.fill(bytes, (int) position, (int) Math.min(bytes.length, position + PAGE_BYTES), (byte) 0);
                }
                Files.write(target, bytes);
            }
            default -> throw new AssertionError(kind);
        }
    }

    String token() {
        return file + " " + switch (kind) {
            case FLIP -> "flip:" + position + ":" + bit;
            case CUT -> "cut:" + position;
            case ZERO_PAGE -> "zero:" + position;
            case DELETE -> "delete";
            case APPEND -> "append:" + position;
        };
    }

    static Damage parse(String token) {
        String[] parts = token.split(" ", 2);
        String[] fields = parts[1].split(":");
        return switch (fields[0]) {
            case "flip" -> flip(parts[0], Long.parseLong(fields[1]), Integer.parseInt(fields[2]));
            case "cut" -> cut(parts[0], Long.parseLong(fields[1]));
            case "zero" -> zeroPage(parts[0], Long.parseLong(fields[1]));
            case "delete" -> delete(parts[0]);
            case "append" -> append(parts[0], Long.parseLong(fields[1]));
            default -> throw new IllegalArgumentException("not a damage: " + token);
        };
    }

    @Override
    public String toString() {
        return token();
    }
}
