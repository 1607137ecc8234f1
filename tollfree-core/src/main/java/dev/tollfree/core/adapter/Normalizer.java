package dev.tollfree.core.adapter;

import dev.tollfree.api.Json;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings provider dialects of OpenAI responses to one shape, and spots failures hidden in 200s.
 * Reasoning leaves in one field, {@code reasoning_content}, whatever the provider used: a
 * {@code reasoning} string (Groq, Cerebras, OpenRouter, Ollama), {@code reasoning_details} blocks
 * (OpenRouter, MiniMax), typed {@code thinking} content parts (Mistral), Pollinations'
 * {@code content_blocks}, or a leading {@code <think>} block in the content ({@link ThinkTagSplitter}).
 */
final class Normalizer {
    private Normalizer() {}

    /** Normalises a whole {@code choices[].message}, including a leading think block; true when it changed it. */
    static boolean message(JsonNode message) {
        if (!(message instanceof ObjectNode m)) {
            return false;
        }
        boolean changed = reasoningFields(m);
        if (m.path("content").isString()) {
            ThinkTagSplitter.Out out = ThinkTagSplitter.whole(m.path("content").stringValue());
            if (!out.reasoning().isEmpty()) {
                appendReasoning(m, out.reasoning());
                m.put("content", out.content());
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Normalises the reasoning fields of a message or a stream delta (think tags are the stream's
     * job); true when it changed anything.
     */
    static boolean reasoningFields(ObjectNode o) {
        boolean changed = typedContent(o);
        JsonNode reasoning = o.get("reasoning");
        if (reasoning != null && reasoning.isString()) {
            if (!hasText(o.get("reasoning_content"))) {
                o.put("reasoning_content", reasoning.stringValue());
            }
            o.remove("reasoning");
            changed = true;
        }
        if (!hasText(o.get("reasoning_content"))) {
            String details = blockText(o.path("reasoning_details"), "reasoning.encrypted");
            String blocks = thinkingBlocks(o.path("content_blocks"));
            String text = details.isEmpty() ? blocks : details;
            if (!text.isEmpty()) {
                o.put("reasoning_content", text);
                changed = true;
            }
        }
        return changed;
    }

    /** Adds reasoning text after whatever reasoning the message or delta already carries. */
    static void appendReasoning(ObjectNode o, String text) {
        JsonNode existing = o.get("reasoning_content");
        o.put("reasoning_content", hasText(existing) ? existing.stringValue() + text : text);
    }

    /**
     * A content array of {@code text} and {@code thinking} parts (Mistral reasoning models, also in
     * stream deltas) becomes a content string plus reasoning. Arrays with other parts are left alone.
     */
    private static boolean typedContent(ObjectNode o) {
        JsonNode content = o.path("content");
        if (!content.isArray() || content.isEmpty()) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode part : content) {
            switch (part.path("type").asString("")) {
                case "text" -> text.append(part.path("text").asString(""));
                case "thinking" -> thinking.append(part.path("thinking").isArray()
                        ? blockText(part.path("thinking"), "") : part.path("thinking").asString(part.path("text").asString("")));
                default -> {
                    return false;
                }
            }
        }
        o.put("content", text.toString());
        if (!thinking.isEmpty()) {
            appendReasoning(o, thinking.toString());
        }
        return true;
    }

    /** Text of an array of blocks ({@code text}, else {@code summary}), skipping blocks of type {@code skipType}. */
    private static String blockText(JsonNode blocks, String skipType) {
        StringBuilder out = new StringBuilder();
        for (JsonNode b : blocks) {
            if (b.isString()) {
                out.append(b.stringValue());
            } else if (!skipType.equals(b.path("type").asString(""))) {
                out.append(b.path("text").asString(b.path("summary").asString("")));
            }
        }
        return out.toString();
    }

    /** Pollinations {@code content_blocks}: the text of its {@code thinking} blocks. */
    private static String thinkingBlocks(JsonNode blocks) {
        StringBuilder out = new StringBuilder();
        for (JsonNode b : blocks) {
            if ("thinking".equals(b.path("type").asString(""))) {
                out.append(b.path("thinking").asString(b.path("text").asString("")));
            }
        }
        return out.toString();
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
            return ErrorDecoder.decode(200, Json.bytes(root));
        }
        JsonNode choice = root.path("choices").path(0);
        if (choice.path("error").isObject()) {
            return ErrorDecoder.decode(200, Json.bytes(choice));
        }
        String finish = choice.path("finish_reason").asString("");
        switch (finish) {
            case "error" -> {
                return new ProviderError("the provider ended the answer with finish_reason \"error\"", "finish_reason_error", "", Optional.empty());
            }
            case "sensitive" -> {
                // Zhipu / Z.ai: the content filter stopped the answer; streams carry no other error
                return new ProviderError("the provider stopped the answer as sensitive content (finish_reason \"sensitive\")",
                        "content_filter", "sensitive", Optional.empty());
            }
            case "network_error" -> {
                return new ProviderError("the provider ended the answer abnormally (finish_reason \"network_error\")",
                        "network_error", "", Optional.empty());
            }
            default -> { }
        }
        JsonNode base = root.path("base_resp");
        if (base.isObject() && base.path("status_code").asInt(0) != 0) {
            return ErrorDecoder.decode(200, Json.bytes(root));
        }
        return null;
    }

    /** The Kilo free relay's leaked filter verdict: a reply that is only "safe" or "unsafe". */
    static boolean isVerdict(String content) {
        String t = content.strip().toLowerCase(Locale.ROOT);
        return t.equals("safe") || t.equals("unsafe");
    }

    /** True while {@code content} could still grow into a bare verdict. */
    static boolean couldBeVerdict(String content) {
        String t = content.stripLeading().toLowerCase(Locale.ROOT);
        String trimmed = t.strip();
        return "unsafe".startsWith(trimmed) || "safe".startsWith(trimmed) || isVerdict(t);
    }

    static ProviderError verdictError(String content) {
        return new ProviderError("the free relay answered only \"" + content.strip() + "\", a content-filter verdict instead of a reply",
                "verdict_leak", "", Optional.empty());
    }

    /** True when a message or delta carries something a caller can use. */
    static boolean hasPayload(JsonNode messageOrDelta) {
        return nonEmpty(messageOrDelta.path("content"))
                || nonEmpty(messageOrDelta.path("reasoning_content"))
                || (messageOrDelta.path("tool_calls").isArray() && !messageOrDelta.path("tool_calls").isEmpty())
                || messageOrDelta.path("refusal").isString() && !messageOrDelta.path("refusal").stringValue().isEmpty()
                || messageOrDelta.path("function_call").isObject();
    }

    private static boolean hasText(JsonNode n) {
        return n != null && n.isString() && !n.stringValue().isEmpty();
    }

    private static boolean nonEmpty(JsonNode n) {
        return (n.isString() && !n.stringValue().isEmpty()) || (n.isArray() && !n.isEmpty());
    }
}
