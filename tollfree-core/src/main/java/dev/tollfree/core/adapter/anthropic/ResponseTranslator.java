package dev.tollfree.core.adapter.anthropic;

import dev.tollfree.api.Json;
import dev.tollfree.core.adapter.ChatResult;
import dev.tollfree.core.adapter.ProviderError;
import dev.tollfree.core.adapter.RateLimitSnapshot;
import dev.tollfree.core.adapter.UpstreamError;
import dev.tollfree.core.adapter.Usage;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic {@code Message} as an OpenAI {@code chat.completion}: {@code text} blocks →
 * {@code content}, {@code thinking} blocks → {@code reasoning_content}, {@code tool_use} blocks →
 * {@code tool_calls} (arguments = the input as JSON text). {@code redacted_thinking} and other
 * block types are not shown. A refusal without any content, an empty message and an error object
 * in a 200 are failures, not completions.
 */
final class ResponseTranslator {
    private ResponseTranslator() {}

    static ChatResult completion(ObjectNode root, String modelId, long created, RateLimitSnapshot limits, long firstByteMillis) {
        if ("error".equals(root.path("type").asString("")) || root.path("error").isObject()) {
            return new ChatResult.Failure(AnthropicHttp.inBandError(root));
        }
        if (!root.path("content").isArray()) {
            return new ChatResult.Failure(AnthropicHttp.malformed("the provider answered 200 without a content array", "no_content"));
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = Json.array();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "thinking" -> reasoning.append(block.path("thinking").asString(""));
                case "tool_use" -> calls.add(toolCall(block));
                default -> {
                    // redacted_thinking, server tool blocks: nothing to show
                }
            }
        }
        String stopReason = root.path("stop_reason").asString("");
        if (text.isEmpty() && reasoning.isEmpty() && calls.isEmpty()) {
            return new ChatResult.Failure(stopReason.equals("refusal") ? refused()
                    : AnthropicHttp.malformed("the provider answered 200 with an empty message"
                    + (stopReason.isEmpty() ? "" : " (stop_reason " + stopReason + ")"), "empty_completion"));
        }
        ObjectNode body = Json.object();
        body.put("id", completionId(root.path("id").asString("")));
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", root.path("model").asString(modelId));
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.put("finish_reason", finishReason(stopReason, !calls.isEmpty()));
        JsonNode usage = root.path("usage");
        if (usage.isObject()) {
            body.set("usage", usageJson(usage(usage), usage.path("cache_read_input_tokens").asLong(0)));
        }
        return new ChatResult.Success(body, usage(usage), limits, firstByteMillis);
    }

    static ObjectNode toolCall(JsonNode block) {
        ObjectNode call = Json.object().put("id", block.path("id").asString("")).put("type", "function");
        JsonNode input = block.path("input");
        call.putObject("function").put("name", block.path("name").asString(""))
                .put("arguments", input.isObject() ? Json.text(input) : "{}");
        return call;
    }

    /** end_turn, stop_sequence, pause_turn → stop; max_tokens → length; tool_use → tool_calls; refusal → content_filter. */
    static String finishReason(String stopReason, boolean toolCalls) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "refusal" -> "content_filter";
            case "tool_use" -> "tool_calls";
            default -> toolCalls ? "tool_calls" : "stop";
        };
    }

    /** Prompt tokens are the uncached input plus what was written to and read from the cache. */
    static Usage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Usage.NONE;
        }
        long prompt = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        return new Usage(prompt, usage.path("output_tokens").asLong(0), false);
    }

    static ObjectNode usageJson(Usage u, long cacheRead) {
        ObjectNode out = Json.object();
        out.put("prompt_tokens", u.promptTokens());
        out.put("completion_tokens", u.completionTokens());
        out.put("total_tokens", u.total());
        if (cacheRead > 0) {
            out.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        }
        return out;
    }

    /** {@code stop_reason: refusal} before any content: the model declined, a content-policy outcome. */
    static UpstreamError refused() {
        return UpstreamError.inBand(UpstreamError.Kind.IN_BAND_ERROR, 200, new ProviderError(
                "the model declined to answer (stop_reason refusal)", "content_filter", "refusal", Optional.empty()));
    }

    /** {@code chatcmpl-<message id>}, or a random id when the server sent none. */
    static String completionId(String messageId) {
        if (!messageId.isBlank()) {
            return "chatcmpl-" + messageId;
        }
        return "chatcmpl-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
