package dev.tollfree.core.adapter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Brings provider dialects of OpenAI responses to one shape, and spots failures hidden in 200s. */
final class Normalizer {
    private Normalizer() {}

    /** Moves {@code reasoning} (Groq, Cerebras, OpenRouter, Ollama) to {@code reasoning_content}. */
    static void reasoningField(JsonNode messageOrDelta) {
        if (messageOrDelta instanceof ObjectNode o) {
            JsonNode reasoning = o.get("reasoning");
            if (reasoning != null && reasoning.isString()) {
                if (!o.has("reasoning_content") || o.get("reasoning_content").isNull()) {
                    o.put("reasoning_content", reasoning.stringValue());
                }
                o.remove("reasoning");
            }
        }
    }

    static Usage usage(JsonNode root, Usage fallback) {
        JsonNode u = root.path("usage");
        if (!u.isObject()) {
            return fallback;
        }
        return new Usage(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0), false);
    }

    /** An error object carried by a 200 body or chunk; null when there is none. */
    static ProviderError inBandError(JsonNode root) {
        JsonNode error = root.path("error");
        if (error.isObject() || error.isString()) {
            return ErrorDecoder.decode(200, Json2.bytes(root));
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.path("error").isObject()) {
            return ErrorDecoder.decode(200, Json2.bytes(choice));
        }
        if ("error".equals(choice.path("finish_reason").asString(""))) {
            return new ProviderError("the provider ended the answer with finish_reason \"error\"", "finish_reason_error", "", java.util.Optional.empty());
        }
        JsonNode base = root.path("base_resp");
        if (base.isObject() && base.path("status_code").asInt(0) != 0) {
            return ErrorDecoder.decode(200, Json2.bytes(root));
        }
        return null;
    }

    /** True when a message or delta carries something a caller can use. */
    static boolean hasPayload(JsonNode messageOrDelta) {
        return nonEmpty(messageOrDelta.path("content"))
                || nonEmpty(messageOrDelta.path("reasoning_content"))
                || (messageOrDelta.path("tool_calls").isArray() && !messageOrDelta.path("tool_calls").isEmpty())
                || messageOrDelta.path("refusal").isString() && !messageOrDelta.path("refusal").stringValue().isEmpty()
                || messageOrDelta.path("function_call").isObject();
    }

    private static boolean nonEmpty(JsonNode n) {
        return (n.isString() && !n.stringValue().isEmpty()) || (n.isArray() && !n.isEmpty());
    }

    /** Small indirection so this file reads without the codec's imports. */
    private static final class Json2 {
        static byte[] bytes(JsonNode n) {
            return dev.tollfree.api.Json.bytes(n);
        }
    }
}
