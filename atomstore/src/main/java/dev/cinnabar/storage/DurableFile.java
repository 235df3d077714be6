package dev.cinnabar.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Replaces a small file (a manifest, a checkpoint) durably: the new content goes to a temp file in the same
 * directory, which is forced, atomically renamed over the target, and the directory is forced. A crash at any
 * point leaves either the old or the new file in place, never a mix; the target is never truncated in place.
 */
public final class DurableFile {

    /** Suffix of the temp file a replacement writes before renaming it into place. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFile() {
    }

    /** The temp file that {@link #replace} uses for {@code target}. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Writes {@code content} as the new {@code target}: temp file, force, rename, directory force. When this
     * returns, the new content is durable. When it throws a {@link NotDurableException}, the rename happened but the
     * directory force failed, so either content may survive a crash; any other exception leaves the old content.
     */
    public static void replace(StorageIo io, Path target, ByteBuffer content) throws IOException {
        Path temp = tempFor(target);
        try {
            io.writeAndForce(temp, content);
            io.rename(temp, target);
        } catch (IOException e) {
            throw new IOException("cannot save " + target + ": " + describe(e), e);
        }
        try {
            io.forceDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new NotDurableException(target, "cannot save " + target + " (renamed, but the directory was not"
                + " forced): " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
