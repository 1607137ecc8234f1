package dev.tollfree.core.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_}, the arrival time in milliseconds since the epoch as 12 hex digits,
 * then 48 random bits as 12 hex digits. Ids made later sort after ids made earlier (to the
 * millisecond), so the request log's indexes on the id grow at their end instead of at random
 * places; the random half keeps ids from several gateway processes apart.
 */
public final class RequestIds {
    private static final byte[] PREFIX = "req_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long FORTY_EIGHT_BITS = 0xFFFF_FFFF_FFFFL;

    private RequestIds() {}

    public static String next(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis > FORTY_EIGHT_BITS) {
            throw new IllegalArgumentException("request time outside 1970 to 10889: " + at);
        }
        byte[] id = new byte[PREFIX.length + 24]; // written in place: one id is made per request
        System.arraycopy(PREFIX, 0, id, 0, PREFIX.length);
        hex12(millis, id, PREFIX.length);
        hex12(ThreadLocalRandom.current().nextLong() & FORTY_EIGHT_BITS, id, PREFIX.length + 12);
        return new String(id, StandardCharsets.US_ASCII);
    }

    /** The low 48 bits of {@code value} as 12 lower-case hex digits at {@code at}. */
    private static void hex12(long value, byte[] into, int at) {
        for (int i = 11; i >= 0; i--) {
            into[at + i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
