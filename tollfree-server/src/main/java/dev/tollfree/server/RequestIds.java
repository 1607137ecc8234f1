package dev.tollfree.server;

import java.util.concurrent.ThreadLocalRandom;

/** Short unique-enough request ids ({@code req_} + 20 hex chars). */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(0, 12) + Long.toHexString(r.nextInt() | Integer.MIN_VALUE);
    }
}
