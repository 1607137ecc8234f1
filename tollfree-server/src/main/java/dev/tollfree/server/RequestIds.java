package dev.tollfree.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Short unique-enough request ids ({@code req_} + 20 hex chars, 80 random bits). */
final class RequestIds {
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {}

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req_" + HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits((short) r.nextInt(0x10000));
    }
}
