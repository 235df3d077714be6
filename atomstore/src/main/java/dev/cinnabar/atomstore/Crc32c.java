package dev.cinnabar.atomstore;

/**
 * CRC-32C helpers beyond {@link java.util.zip.CRC32C}: combining the checksums of two adjacent byte ranges,
 * so that the checksum of an append-only region is extended at each commit from the new bytes alone.
 */
final class Crc32c {

    /** The reflected CRC-32C (Castagnoli) polynomial. */
    private static final int POLYNOMIAL = 0x82F63B78;

    private Crc32c() {
    }

    /**
     * The CRC-32C of {@code A || B} from {@code crcA = crc(A)}, {@code crcB = crc(B)} and the length of B
     * (zlib's crc32_combine, by GF(2) matrix powers: O(log lengthB)).
     */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        odd[0] = POLYNOMIAL;
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        int crc = crcA;
        long length = lengthB;
        do {
            square(even, odd);
            if ((length & 1) != 0) {
                crc = times(even, crc);
            }
            length >>>= 1;
            if (length == 0) {
                break;
            }
            square(odd, even);
            if ((length & 1) != 0) {
                crc = times(odd, crc);
            }
            length >>>= 1;
        } while (length != 0);
        return crc ^ crcB;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        int v = vector;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
