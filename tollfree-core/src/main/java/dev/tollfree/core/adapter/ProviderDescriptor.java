package dev.tollfree.core.adapter;

import dev.tollfree.core.catalog.AuthStyle;
import java.util.Map;
import java.util.Set;

/**
 * How one OpenAI-compatible provider differs from OpenAI: paths, auth override, and the
 * parameter policy (fields to drop or rename because the provider rejects them).
 *
 * @param chatPath          path under the base URL for chat completions
 * @param modelsPath        path under the base URL for the model list
 * @param authOverride      auth to use instead of the catalog's (e.g. Gemini's OpenAI endpoint takes Bearer), or null
 * @param drop              request fields removed before sending
 * @param rename            request fields renamed before sending (Mistral {@code seed → random_seed})
 * @param dropNulls         remove top-level fields whose value is null (strict schemas reject them)
 * @param stringContent     flatten text-only content arrays to strings (Cloudflare)
 * @param streamUsage       ask for {@code stream_options.include_usage} upstream
 */
public record ProviderDescriptor(
        String chatPath,
        String modelsPath,
        AuthStyle authOverride,
        Set<String> drop,
        Map<String, String> rename,
        boolean dropNulls,
        boolean stringContent,
        boolean streamUsage) {

    public static final ProviderDescriptor OPENAI = new ProviderDescriptor(
            "/chat/completions", "/models", null, Set.of(), Map.of(), false, false, true);

    public ProviderDescriptor {
        drop = Set.copyOf(drop);
        rename = Map.copyOf(rename);
    }

    ProviderDescriptor withChatPath(String chat, String models) {
        return new ProviderDescriptor(chat, models, authOverride, drop, rename, dropNulls, stringContent, streamUsage);
    }

    ProviderDescriptor withAuth(AuthStyle auth) {
        return new ProviderDescriptor(chatPath, modelsPath, auth, drop, rename, dropNulls, stringContent, streamUsage);
    }

    ProviderDescriptor withPolicy(Set<String> dropFields, Map<String, String> renames, boolean nulls) {
        return new ProviderDescriptor(chatPath, modelsPath, authOverride, dropFields, renames, nulls, stringContent, streamUsage);
    }

    ProviderDescriptor withStringContent() {
        return new ProviderDescriptor(chatPath, modelsPath, authOverride, drop, rename, dropNulls, true, streamUsage);
    }

    ProviderDescriptor withoutStreamUsage() {
        return new ProviderDescriptor(chatPath, modelsPath, authOverride, drop, rename, dropNulls, stringContent, false);
    }
}
