package dev.tollfree.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Whole-body reads of HTTP messages, bounded in size. */
public final class BoundedReads {
    /** Up to this, a declared length is believed enough to size the array before the bytes arrive. */
    private static final int PREALLOCATE_MAX = 1 << 20;

    private BoundedReads() {}

    /**
     * Reads to the end of the stream, at most {@code max} bytes (the rest stays unread). A body that
     * declared its length (−1: it did not) is read into one array of that size instead of chunks
     * copied together at the end; a larger declared length grows as the bytes arrive, since a
     * declaration is only a claim.
     */
    public static byte[] readAll(InputStream in, long declaredLength, int max) throws IOException {
        if (declaredLength >= 0 && declaredLength <= Math.min(max, PREALLOCATE_MAX)) {
            byte[] body = new byte[(int) declaredLength];
            int n = in.readNBytes(body, 0, body.length);
            return n == body.length ? body : Arrays.copyOf(body, n);
        }
        return in.readNBytes(max);
    }
}
