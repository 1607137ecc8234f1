package dev.tollfree.server;

import java.util.concurrent.ThreadLocalRandom;

/** Short unique-enough request ids ({@code req_} + 20 hex chars, 80 random bits). */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req_" + String.format("%016x%04x", r.nextLong(), r.nextInt(0x10000));
    }
}
