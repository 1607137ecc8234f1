package dev.tollfree.core.adapter;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.testkit.ManualClock;
import java.time.Duration;

/**
 * A real {@link OpenAiCompatAdapter} over the JDK HTTP client, with a fast watchdog. Deadlines are
 * real time (they guard real sockets); the wall clock for rate-limit resets is a ManualClock.
 */
final class AdapterHarness implements AutoCloseable {
    static final Duration FIRST_BYTE = Duration.ofSeconds(5);
    static final Duration IDLE = Duration.ofSeconds(5);

    final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    final OpenAiCompatAdapter adapter = new OpenAiCompatAdapter(transport, clock, System::nanoTime);

    static UpstreamRequest call(ProviderSpec provider, ModelSpec model, Credential credential, ChatRequest request) {
        return new UpstreamRequest(provider, model, credential, request, FIRST_BYTE, IDLE);
    }

    static UpstreamRequest call(ProviderSpec provider, ModelSpec model, Credential credential, ChatRequest request,
                                Duration firstByte, Duration idle) {
        return new UpstreamRequest(provider, model, credential, request, firstByte, idle);
    }

    static Credential bearer(String secret) {
        return new Credential(1, secret, java.util.Optional.empty());
    }

    @Override
    public void close() {
        transport.close();
        watchdog.close();
    }
}
