package dev.tollfree.core.adapter;

import dev.tollfree.core.catalog.ProviderSpec;

/**
 * The seam to one provider's wire format. Adapters report facts; they never retry, rotate keys or
 * decide routing. Operations a provider lacks answer a typed {@link UpstreamError}, never a stub.
 */
public interface ProviderAdapter {
    ChatResult complete(UpstreamRequest request);

    /** Blocks until the first real payload arrives (commit point) or the call fails. */
    StreamStart openStream(UpstreamRequest request);

    ModelListing listModels(ProviderSpec provider, Credential credential);

    KeyValidation validateKey(ProviderSpec provider, Credential credential);
}
