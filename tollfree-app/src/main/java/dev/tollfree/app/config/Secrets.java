package dev.tollfree.app.config;

/** How secrets appear in {@code toString()} output: never, not even in part. */
final class Secrets {
    static final String MASK = "****";

    private Secrets() {}
}
