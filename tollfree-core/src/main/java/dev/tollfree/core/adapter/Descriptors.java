package dev.tollfree.core.adapter;

import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.ProviderSpec;
import java.util.Map;
import java.util.Set;

/** The per-provider differences of the OpenAI-compatible family, by provider id. */
public final class Descriptors {
    private Descriptors() {}

    public static ProviderDescriptor of(ProviderSpec provider) {
        ProviderDescriptor d = ProviderDescriptor.OPENAI;
        return switch (provider.id()) {
            // Gemini's OpenAI-compatible surface lives under /openai and takes a Bearer key.
            case "gemini" -> d.withChatPath("/openai/chat/completions", "/openai/models").withAuth(AuthStyle.BEARER);
            // Mistral answers 422 on unknown or null fields and calls the seed random_seed.
            case "mistral", "codestral" -> d.withPolicy(
                    Set.of("stream_options", "logprobs", "top_logprobs", "store", "metadata", "service_tier", "user", "reasoning_effort"),
                    Map.of("seed", "random_seed"), true).withoutStreamUsage();
            // Cloudflare's OpenAI endpoint accepts string content only.
            case "cloudflare" -> d.withStringContent().withPolicy(Set.of("store", "metadata", "service_tier"), Map.of(), true);
            // Cohere's compatibility API rejects several OpenAI-only fields.
            case "cohere" -> d.withPolicy(Set.of("store", "metadata", "service_tier", "logit_bias", "user"), Map.of(), true);
            // Kilo rejects response_format on its free relay.
            case "kilo" -> d.withPolicy(Set.of("store", "metadata", "service_tier", "response_format"), Map.of(), false);
            default -> d;
        };
    }
}
