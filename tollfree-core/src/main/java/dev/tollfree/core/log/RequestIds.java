package dev.tollfree.core.log;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_}, the arrival time in milliseconds since the epoch as 12 hex digits,
 * then 48 random bits as 12 hex digits. Ids made later sort after ids made earlier (to the
 * millisecond), so the request log's indexes on the id grow at their end instead of at random
 * places; the random half keeps ids from several gateway processes apart.
 */
public final class RequestIds {
    private static final HexFormat HEX = HexFormat.of();
    private static final long FORTY_EIGHT_BITS = 0xFFFF_FFFF_FFFFL;

    private RequestIds() {}

    public static String next(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis > FORTY_EIGHT_BITS) {
            throw new IllegalArgumentException("request time outside 1970 to 10889: " + at);
        }
        String time = HEX.toHexDigits(millis).substring(4);
        String random = HEX.toHexDigits(ThreadLocalRandom.current().nextLong() & FORTY_EIGHT_BITS).substring(4);
        return "req_" + time + random;
    }
}
