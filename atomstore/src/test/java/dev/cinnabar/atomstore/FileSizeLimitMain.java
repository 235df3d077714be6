package dev.cinnabar.atomstore;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Child-process entry point for {@link FileSizeLimitTest}: interns 1 KiB terms, committing every 100, until a file
 * can no longer grow; then checks that the store still reads and commits, and reports what it committed.
 */
public final class FileSizeLimitMain {

    private FileSizeLimitMain() {
    }

    public static void main(String[] args) throws Exception {
        try (AtomStore store = AtomStore.open(Path.of(args[0]))) {
            int i = 0;
            try {
                while (true) {
                    store.intern(term(i++));
                    if (i % 100 == 0) {
                        store.commit();
                    }
                }
            } catch (IOException e) {
                System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
            }
            long size = store.size();
            for (long id = 1; id <= size; id++) {
                if (store.lookup(store.resolve(id)) != id) {
                    throw new AssertionError("atom " + id + " unreadable after the failure");
                }
            }
            store.commit(); // what was interned before the failure needs no growth to commit
            System.out.println("COMMITTED " + store.committedSize());
        }
    }

    static byte[] term(int i) {
        byte[] bytes = new byte[1024];
        for (int k = 0; k < 4; k++) {
            bytes[k] = (byte) (i >>> (8 * k));
        }
        return bytes;
    }
}
