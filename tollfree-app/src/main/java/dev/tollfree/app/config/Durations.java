package dev.tollfree.app.config;

import java.time.Duration;

/** Construction-time checks shared by the config records. */
final class Durations {
    private Durations() {}

    static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration");
        }
        return d;
    }
}
