package dev.tollfree.bench.quota;

import java.util.List;

/**
 * One fake provider: the model it serves, the free-tier limits it enforces (from the built-in
 * catalog), the intelligence rank Tollfree is told, and the rate-limit dialect it speaks.
 *
 * @param id      the custom provider id in the gateway's config (never a catalog id)
 * @param model   the catalog model id whose limits it enforces
 * @param rank    {@code intelligence} in the gateway's config; {@code auto} prefers the highest
 * @param rpm     requests per rolling minute it enforces
 * @param tpm     tokens per rolling minute it enforces (0: none)
 * @param source  the catalog model ({@code provider/model}) whose limits these are
 */
record FakeSpec(String id, String model, int rank, int rpm, long tpm, Dialect dialect, String source) {
    /** A day cap no run comes near; only the Cerebras dialect reports it. */
    static final int RPD = 2400;

    FakeSpec {
        if (rpm < 1) {
            throw new IllegalArgumentException(id + ": a fake provider needs an rpm of at least 1, got " + rpm);
        }
    }

    /** Five providers, 80 requests per minute together; the best one takes 30. */
    static List<FakeSpec> lineup() {
        return List.of(
                new FakeSpec("fake-groq", "llama-3.1-8b-instant", 90, 30, 6000, Dialect.OPENAI_HEADERS,
                        "groq/llama-3.1-8b-instant"),
                new FakeSpec("fake-sambanova", "Meta-Llama-3.3-70B-Instruct", 80, 20, 0, Dialect.BARE_429,
                        "sambanova/Meta-Llama-3.3-70B-Instruct"),
                new FakeSpec("fake-gemini", "gemini-3.1-flash-lite", 70, 15, 0, Dialect.GEMINI_RETRY_INFO,
                        "gemini/gemini-3.1-flash-lite"),
                new FakeSpec("fake-github", "openai/gpt-4.1", 60, 10, 0, Dialect.GITHUB_429_HEADERS,
                        "github/openai/gpt-4.1"),
                new FakeSpec("fake-cerebras", "gpt-oss-120b", 50, 5, 30000, Dialect.CEREBRAS_HEADERS,
                        "cerebras/gpt-oss-120b"));
    }

    String route() {
        return id + "/" + model;
    }
}
