package dev.cinnabar.quadstore;

import java.nio.file.Path;

/** Names of the store's numbered files: {@code <prefix><8-digit number><suffix>}, such as segments and logs. */
final class NumberedFiles {

    private NumberedFiles() {
    }

    static Path path(Path directory, String prefix, long number, String suffix) {
        return directory.resolve(String.format("%s%08d%s", prefix, number, suffix));
    }

    /** The number in {@code file}'s name, or -1 if the name is not {@code prefix}, a number, {@code suffix}. */
    static long numberOf(Path file, String prefix, String suffix) {
        String name = file.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
