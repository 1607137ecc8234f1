package dev.tollfree.core.adapter;

import dev.tollfree.api.ChatRequest;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import java.time.Duration;

/**
 * Everything an adapter needs for one call.
 *
 * @param provider         target provider
 * @param model            target model (its {@code id} goes upstream)
 * @param credential       decrypted credential for this call only
 * @param request          the caller's validated request (adapters copy the body before changing it)
 * @param firstByteTimeout max wait for response headers and the first stream event
 * @param idleTimeout      max gap between stream events
 * @param webSearch        the caller asked for a web-search answer: the adapter turns on the provider's search
 */
public record UpstreamRequest(
        ProviderSpec provider,
        ModelSpec model,
        Credential credential,
        ChatRequest request,
        Duration firstByteTimeout,
        Duration idleTimeout,
        boolean webSearch) {

    public UpstreamRequest(ProviderSpec provider, ModelSpec model, Credential credential, ChatRequest request,
                           Duration firstByteTimeout, Duration idleTimeout) {
        this(provider, model, credential, request, firstByteTimeout, idleTimeout, false);
    }
}
